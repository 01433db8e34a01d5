/** For `.filter(present)`: drops null and undefined, and says so to the type checker. */
export const present = <T>(value: T | null | undefined): value is T =>
  value !== null && value !== undefined;
