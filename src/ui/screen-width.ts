/** Below this width, rows split into two lines rather than truncating what matters. */
export const NARROW = 80;

/** Wider terminals get this width: beyond it, columns would only drift apart. */
export const WIDEST = 120;
