import { useEffect, useState } from "react";
import { useStdout } from "ink";

/** The terminal's width, kept current across resizes so that layouts can choose a narrow form. */
export function useColumns(fallback = 80): number {
  const { stdout } = useStdout();
  const [columns, setColumns] = useState(stdout.columns || fallback);
  useEffect(() => {
    const onResize = () => setColumns(stdout.columns || fallback);
    stdout.on("resize", onResize);
    return () => void stdout.off("resize", onResize);
  }, [stdout, fallback]);
  return columns;
}

/** Below this width, rows split into two lines rather than truncating what matters. */
export const NARROW = 80;
