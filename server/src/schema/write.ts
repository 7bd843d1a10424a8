// Model → Graph synchronizationSchema JSON.
import { cloneJson, isJsonObject, JsonValue } from '../model/json';
import type { MappingModel } from '../model/types';
import { APP_ANNOTATION } from './elements';

/**
 * The model's Graph JSON: exactly the schema it was read from (Graph JSON), or the schema its
 * .entramap text describes. A fresh copy; undefined only for a JSON document with no value.
 */
export function modelToGraphJson(model: MappingModel): JsonValue | undefined {
  return model.json === undefined ? undefined : cloneJson(model.json);
}

/** Graph JSON text: two-space indentation, newline-terminated (the convert command's output). */
export function formatGraphJson(value: JsonValue): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * A copy without entramap's own instance annotation (`@entramap.app`, the `app` line), for a
 * PUT to Graph when the caller prefers not to send it.
 */
export function stripEntramapAnnotations(value: JsonValue): JsonValue {
  if (!isJsonObject(value) || !(APP_ANNOTATION in value)) return cloneJson(value);
  const copy = cloneJson(value) as Record<string, JsonValue>;
  delete copy[APP_ANNOTATION];
  return copy;
}
