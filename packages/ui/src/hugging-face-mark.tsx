/**
 * Hugging Face's hugging face, drawn small for the sign-in button. Decorative: the button's text names it, so the
 * mark is hidden from assistive technology.
 */
export function HuggingFaceMark({ size = 22 }: { size?: number }) {
  return (
    <svg className="hf-mark" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <circle cx="16" cy="14.5" r="12.5" fill="#FFD21E" />
      <circle cx="11.2" cy="11.6" r="1.9" fill="#3A3B45" />
      <circle cx="20.8" cy="11.6" r="1.9" fill="#3A3B45" />
      <path
        d="M10.4 16.6c1 3.6 3.1 5.3 5.6 5.3s4.6-1.7 5.6-5.3c-1.9.9-3.7 1.3-5.6 1.3s-3.7-.4-5.6-1.3z"
        fill="#3A3B45"
      />
      <path d="M13.2 20.3c.8.6 1.7.9 2.8.9s2-.3 2.8-.9c-.7-.9-1.7-1.3-2.8-1.3s-2.1.4-2.8 1.3z" fill="#F94040" />
      <path
        d="M3.4 21.6c1.2-1.9 3.4-2.2 4.6-.9l2.9 3.1c1.1 1.2.8 3.4-.9 4.5-1.8 1.1-4.2.7-5.6-.9-1.3-1.5-1.9-3.9-1-5.8z"
        fill="#FF9D0B"
      />
      <path
        d="M28.6 21.6c-1.2-1.9-3.4-2.2-4.6-.9l-2.9 3.1c-1.1 1.2-.8 3.4.9 4.5 1.8 1.1 4.2.7 5.6-.9 1.3-1.5 1.9-3.9 1-5.8z"
        fill="#FF9D0B"
      />
    </svg>
  );
}
