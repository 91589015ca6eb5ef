import { useEffect, useState } from "react";
import { useStdout } from "ink";
import { WIDEST } from "../screen-width.js";

/**
 * The width to lay out in: the terminal's, at most WIDEST, kept current across resizes so that
 * layouts can choose a narrow form.
 */
export function useColumns(fallback = 80): number {
  const { stdout } = useStdout();
  const [columns, setColumns] = useState(stdout.columns || fallback);
  useEffect(() => {
    const onResize = () => setColumns(stdout.columns || fallback);
    stdout.on("resize", onResize);
    return () => void stdout.off("resize", onResize);
  }, [stdout, fallback]);
  return Math.min(columns, WIDEST);
}
