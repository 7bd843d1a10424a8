// Syntax tree of a parsed .NET regular expression. Options (IgnoreCase, Singleline, ...) are
// already applied: characters matched case-insensitively are sets of their case equivalents,
// `.` is a set, `^`/`$` are resolved to their single-line or multiline anchors.
//
// Group references use .NET group *numbers*; the compiler maps them to dense slots.
// `start`/`end` are UTF-16 offsets into the pattern (end exclusive), for diagnostics.

import type { CharSet } from './charset';

export interface Span {
  start: number;
  end: number;
}

export type AnchorKind =
  /** `^` (no Multiline) and `\A`: start of input. */
  | 'begin'
  /** `^` with Multiline: start of input or after `\n`. */
  | 'bol'
  /** `$` (no Multiline) and `\Z`: end of input or before a final `\n`. */
  | 'endz'
  /** `$` with Multiline: end of input or before any `\n`. */
  | 'eol'
  /** `\z`: end of input. */
  | 'end'
  /** `\G`: where the current search started. */
  | 'start'
  /** `\b` */
  | 'boundary'
  /** `\B` */
  | 'nonboundary';

export type Node =
  | EmptyNode
  | CharNode
  | SetNode
  | SeqNode
  | AltNode
  | CaptureNode
  | LookNode
  | AtomicNode
  | RepeatNode
  | BackrefNode
  | AnchorNode
  | CondRefNode
  | CondExprNode;

export interface EmptyNode extends Span {
  type: 'empty';
}

/** One literal UTF-16 code unit, matched exactly. */
export interface CharNode extends Span {
  type: 'char';
  code: number;
}

/** One UTF-16 code unit from a set. */
export interface SetNode extends Span {
  type: 'set';
  set: CharSet;
}

export interface SeqNode extends Span {
  type: 'seq';
  items: Node[];
}

export interface AltNode extends Span {
  type: 'alt';
  branches: Node[];
}

/**
 * A capturing group `( )`, `(?<name> )`, or a balancing group `(?<name-other> )` / `(?<-other> )`.
 * `group` is -1 for `(?<-other> )`; `uncapture` is -1 unless balancing.
 */
export interface CaptureNode extends Span {
  type: 'capture';
  group: number;
  uncapture: number;
  body: Node;
}

export interface LookNode extends Span {
  type: 'look';
  behind: boolean;
  negate: boolean;
  body: Node;
}

export interface AtomicNode extends Span {
  type: 'atomic';
  body: Node;
}

/** `max` is Infinity for unbounded quantifiers. */
export interface RepeatNode extends Span {
  type: 'repeat';
  min: number;
  max: number;
  lazy: boolean;
  body: Node;
}

export interface BackrefNode extends Span {
  type: 'backref';
  group: number;
  ignoreCase: boolean;
}

export interface AnchorNode extends Span {
  type: 'anchor';
  kind: AnchorKind;
}

/** `(?(name)yes|no)`: branches on whether the group has a capture. */
export interface CondRefNode extends Span {
  type: 'condref';
  group: number;
  yes: Node;
  no: Node;
}

/** `(?(expr)yes|no)`: branches on whether `cond` matches here (zero-width). */
export interface CondExprNode extends Span {
  type: 'condexpr';
  cond: Node;
  yes: Node;
  no: Node;
}
