// Types for static image imports (the brand mark), which next-env.d.ts also references once `next build` or `next dev`
// has written it.
/// <reference types="next/image-types/global" />
