// The implementations of the expression functions, keyed by the catalogue's canonical names.
// Function facts (names, parameters, positions, arities) come from catalog/functions.ts; each
// binder looks its parameters up there by name. A unit test checks that every catalogue function
// has exactly one implementation here.

import type { Binder } from '../state';
import { CDate, DateAdd, DateDiff, DateFromNum, FormatDateTime, NumFromDate, Now } from './dates';
import {
  CBool, Coalesce, IgnoreFlowIfNullOrEmpty, IIF, IsNull, IsNullOrEmpty, IsPresent, IsString, Not, Redact, SelectUniqueValue, Switch,
} from './logic';
import { Guid, RandomString } from './random';
import { Replace } from './replace';
import { AppRoleAssignmentsComplex, AssertiveAppRoleAssignmentsComplex, SingleAppRoleAssignment } from './roles';
import {
  Append, BitAnd, ConvertToBase64, ConvertToUTF8Hex, Count, CStr, InStr, Item, Join, Left, Mid, NormalizeDiacritics, PCase,
  RemoveDuplicates, Split, StripSpaces, ToLower, ToUpper, Word,
} from './text';

export const BINDERS: Readonly<Record<string, Binder>> = Object.freeze({
  Append,
  AppRoleAssignmentsComplex,
  AssertiveAppRoleAssignmentsComplex,
  BitAnd,
  CBool,
  CDate,
  Coalesce,
  ConvertToBase64,
  ConvertToUTF8Hex,
  Count,
  CStr,
  DateAdd,
  DateDiff,
  DateFromNum,
  FormatDateTime,
  Guid,
  IgnoreFlowIfNullOrEmpty,
  IIF,
  InStr,
  IsNull,
  IsNullOrEmpty,
  IsPresent,
  IsString,
  Item,
  Join,
  Left,
  Mid,
  NormalizeDiacritics,
  Not,
  Now,
  NumFromDate,
  PCase,
  RandomString,
  Redact,
  RemoveDuplicates,
  Replace,
  SelectUniqueValue,
  SingleAppRoleAssignment,
  Split,
  StripSpaces,
  Switch,
  ToLower,
  ToUpper,
  Word,
});
