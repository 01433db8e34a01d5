/** DataHub v2 paths (`[version=2.0].[type=Rec].[type=Header].header.[type=long].time`) and
 * dotted paths (`header.time`) both become the readable path `header.time`. */
export const readablePath = (fieldPath: string): string =>
  // Split on dots outside brackets: `[version=2.0]` is one segment.
  (fieldPath.match(/\[[^\]]*\]|[^.]+/g) ?? [])
    .filter((segment) => !segment.startsWith('['))
    .join('.');
