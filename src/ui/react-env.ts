/**
 * React's development build validates every element and times every render, several times the
 * cost of a frame; a CLI wants the production build. React picks its build from NODE_ENV when it
 * first loads, so this runs before the UI imports it, and leaves a NODE_ENV someone set alone.
 */
export function preferProductionReact(): void {
  process.env.NODE_ENV ??= "production";
}
