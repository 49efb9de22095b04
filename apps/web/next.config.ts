import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  images: { unoptimized: true },
  // One small stylesheet: inlined, the page needs no second request before it can render.
  experimental: { inlineCss: true },
};

export default nextConfig;
