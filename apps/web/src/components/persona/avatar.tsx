/** A persona's picture: the uploaded image, or initials on a colour drawn from the name. */
export function Avatar({ name, src, size = 64 }: { name: string; src?: string; size?: number }) {
  if (src) {
    return (
      <img
        src={src}
        alt={`${name}'s avatar`}
        width={size}
        height={size}
        className="rounded-full object-cover"
        style={{ width: size, height: size }}
      />
    );
  }
  const { initials, hue } = avatarOf(name);
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" role="img" aria-label={`${name}'s avatar`}>
      <circle cx="32" cy="32" r="32" fill={`hsl(${hue} 65% 88%)`} />
      <text
        x="32"
        y="40"
        textAnchor="middle"
        fontSize="24"
        fontWeight="600"
        fill={`hsl(${hue} 55% 30%)`}
        fontFamily="system-ui, sans-serif"
      >
        {initials}
      </text>
    </svg>
  );
}

/** Initials (up to two) and a hue that is the same for the same name. */
export function avatarOf(name: string): { initials: string; hue: number } {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const initials = (words.length > 1 ? words[0]![0]! + words[words.length - 1]![0]! : (words[0] ?? "?").slice(0, 2)).toUpperCase();
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.codePointAt(0)!) % 360;
  return { initials, hue: h };
}
