import { createContext, useContext, type ReactNode } from "react";
import { Text, type TextProps } from "ink";

/** Whether colours are on: off under `NO_COLOR`, and for the dry-run view written to a pipe. */
export const ThemeContext = createContext({ color: true });

/**
 * `<Text>` whose colours drop out when the theme says so; bold and layout stay, so the screen
 * reads the same without colour (the current hop also has brackets, states have symbols).
 */
export function Tone(props: TextProps & { children?: ReactNode }) {
  const { color } = useContext(ThemeContext);
  if (color) return <Text {...props} />;
  const { color: _c, backgroundColor: _b, dimColor: _d, ...rest } = props;
  return <Text {...rest} />;
}
