/**
 * Where to return after sign-in: a path on this site only, never another
 * origin. `//evil.example` and `/\evil.example` are protocol-relative to
 * browsers, so they are refused. Printable ASCII only (browsers send paths
 * percent-encoded): the path ends up in a Location header, where anything
 * else is refused or misread.
 */
export const LOCAL_PATH = /^\/(?![/\\])[\x21-\x7e]*$/;
export const LOCAL_PATH_MAX = 500;

export function isLocalPath(value: unknown): value is string {
  return typeof value === 'string' && value.length <= LOCAL_PATH_MAX && LOCAL_PATH.test(value);
}
