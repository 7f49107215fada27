"use client";
import { useEffect, useState } from "react";

/** The current time, updated every `everyMs`, so relative times ("2 s ago") keep moving. */
export function useNow(everyMs = 5000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
