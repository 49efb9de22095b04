"use client";

import { useEffect, useState } from "react";

export interface TokenExpiryProps {
  /** When the token expires, in seconds since the epoch. */
  expiresAt: number;
  /**
   * The server's clock when it rendered the page, in milliseconds since the epoch. The first render in the browser
   * uses it too, so that hydration finds the text the server sent; the browser's clock takes over right after.
   */
  now: number;
}

/** "in 54 min", "in 1 h 5 min", "in less than a minute", or "3 min ago" once past. */
export function relativeExpiry(expiresAtMs: number, nowMs: number): string {
  const minutes = Math.round(Math.abs(expiresAtMs - nowMs) / 60_000);
  const span =
    minutes >= 60 ? `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ""}` : `${minutes} min`;
  if (expiresAtMs >= nowMs) return minutes === 0 ? "in less than a minute" : `in ${span}`;
  return minutes === 0 ? "just now" : `${span} ago`;
}

/** The time of day, "14:05" (24-hour), in the browser's time zone, or in UTC ("14:05 UTC") where it is unknown. */
function clockTime(ms: number, local: boolean): string {
  const options: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  return local
    ? new Date(ms).toLocaleTimeString("en-GB", options)
    : `${new Date(ms).toLocaleTimeString("en-GB", { ...options, timeZone: "UTC" })} UTC`;
}

/**
 * When an access token expires, in words: "expires in 54 min, at 14:05". The server renders the time in UTC (it
 * cannot know the visitor's time zone); in the browser it becomes local time and the count keeps up with the clock.
 * Without JavaScript the server's words stay.
 */
export function TokenExpiry({ expiresAt, now }: TokenExpiryProps) {
  const [clock, setClock] = useState<{ now: number; local: boolean }>({ now, local: false });
  useEffect(() => {
    const tick = () => setClock({ now: Date.now(), local: true });
    tick();
    const timer = setInterval(tick, 15_000);
    return () => clearInterval(timer);
  }, []);
  const expiresAtMs = expiresAt * 1000;
  const verb = expiresAtMs >= clock.now ? "expires" : "expired";
  return (
    <time dateTime={new Date(expiresAtMs).toISOString()} data-local={clock.local ? "" : undefined}>
      {verb} {relativeExpiry(expiresAtMs, clock.now)}, at {clockTime(expiresAtMs, clock.local)}
    </time>
  );
}
