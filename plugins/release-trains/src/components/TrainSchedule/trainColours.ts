/**
 * Train colours: dark enough that white text on them keeps a contrast of at
 * least 4.5:1 (WCAG AA), distinct from each other, and without the reds and
 * ambers that read as errors and warnings.
 */
export const TRAIN_PALETTE = [
  '#1565C0',
  '#2E7D32',
  '#6A1B9A',
  '#AD1457',
  '#00695C',
  '#BF360C',
  '#283593',
  '#4E342E',
] as const;

/** The text colour on a train's colour. */
export const TRAIN_TEXT = '#FFFFFF';

function hash(text: string): number {
  let value = 0;
  for (const char of text) {
    value = (value * 31 + char.charCodeAt(0)) >>> 0;
  }
  return value;
}

/**
 * A colour per train. Each train's colour follows from its name, so it
 * stays the same when other trains are added or removed; a train whose
 * colour is taken gets the next free one (while the palette lasts).
 */
export function trainColours(names: string[]): Map<string, string> {
  const colours = new Map<string, string>();
  const taken = new Set<number>();
  for (const name of [...new Set(names)].sort()) {
    let slot = hash(name) % TRAIN_PALETTE.length;
    for (
      let tries = 0;
      taken.has(slot) && tries < TRAIN_PALETTE.length;
      tries++
    ) {
      slot = (slot + 1) % TRAIN_PALETTE.length;
    }
    taken.add(slot);
    colours.set(name, TRAIN_PALETTE[slot]);
  }
  return colours;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map(at => parseInt(hex.slice(at, at + 2), 16) / 255)
    .map(channel =>
      channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4,
    );
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two `#RRGGBB` colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}
