"use client";

import { useEffect, useRef, useState } from "react";

export interface AvatarProps {
  /** The picture's URL, or none. */
  src: string | null | undefined;
  /** The letter drawn when there is no picture, or when it cannot be loaded. */
  initial: string;
}

/**
 * The user's picture, 72 × 72, or their initial in its place when there is none or its host does not answer. The
 * stylesheet draws the initial over a broken picture before any script runs (and with JavaScript off); once React
 * runs, a picture that failed (before or after hydration) is replaced by the same initial, for browsers that do not
 * draw on broken images. Either way the box keeps its size: nothing moves.
 */
export function Avatar({ src, initial }: AvatarProps) {
  const [failed, setFailed] = useState(false);
  const image = useRef<HTMLImageElement>(null);
  useEffect(() => {
    // The error event may have fired before React attached its listener.
    const current = image.current;
    if (current?.complete && current.naturalWidth === 0) setFailed(true);
  }, []);
  if (!src || failed) {
    return (
      <div className="avatar avatar-fallback" aria-hidden="true" data-testid="avatar-initial">
        {initial}
      </div>
    );
  }
  return (
    <img
      ref={image}
      className="avatar"
      src={src}
      alt=""
      width={72}
      height={72}
      data-initial={initial}
      onError={() => setFailed(true)}
    />
  );
}
