/**
 * Draws the Teams app icons: a shield with a question mark ("sign-in help").
 *   manifest/color.png    192×192, white shield on the accent colour, symbol inside the central 96×96 as Teams asks
 *   manifest/outline.png  32×32, white shield with the question mark cut out, on transparency
 * Regenerate with `npx tsx scripts/draw-icons.ts`; test/manifest checks the committed files match this drawing.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { ROOT_DIR } from '../src/paths';

/** Keep in step with "accentColor" in manifest/manifest.json. */
export const ACCENT = { r: 0x1f, g: 0x5b, b: 0xb5 };
const WHITE = { r: 255, g: 255, b: 255 };

type Point = readonly [number, number];

// The symbol, in a unit square (u right, v down).
const SHIELD = { cx: 0.5, halfWidth: 0.4, top: 0.04, dip: 0.05, shoulder: 0.45, bottom: 0.96 };
const STROKE = 0.11;
const DOT = { center: [0.5, 0.76] as Point, radius: 0.065 };
const MARK_PATH: Point[] = (() => {
  const [cx, cy, r] = [0.5, 0.33, 0.13];
  const arc: Point[] = [];
  for (let deg = 165; deg <= 420; deg += 5) arc.push([cx + r * Math.cos((deg * Math.PI) / 180), cy + r * Math.sin((deg * Math.PI) / 180)]);
  return [...arc, [0.5, 0.52], [0.5, 0.575]];
})();

function inShield(u: number, v: number): boolean {
  const { cx, halfWidth, top, dip, shoulder, bottom } = SHIELD;
  const dx = Math.abs(u - cx);
  if (dx > halfWidth || v > bottom) return false;
  if (v < top + dip * (1 - (dx / halfWidth) ** 2)) return false;
  if (v <= shoulder) return true;
  const t = (v - shoulder) / (bottom - shoulder);
  return dx <= halfWidth * Math.cos((t * Math.PI) / 2);
}

function distanceToSegment([px, py]: Point, [ax, ay]: Point, [bx, by]: Point): number {
  const [dx, dy] = [bx - ax, by - ay];
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

function inQuestionMark(u: number, v: number): boolean {
  if (Math.hypot(u - DOT.center[0], v - DOT.center[1]) <= DOT.radius) return true;
  for (let i = 1; i < MARK_PATH.length; i++) {
    if (distanceToSegment([u, v], MARK_PATH[i - 1]!, MARK_PATH[i]!) <= STROKE / 2) return true;
  }
  return false;
}

/**
 * Renders `size`×`size` pixels with the symbol in a `frame`-pixel square at `offset`, 6×6 samples a pixel.
 * `paint` gets how much of the pixel is shield and how much is question mark (0..1 each) and returns RGBA.
 */
function render(
  size: number,
  frame: number,
  offset: number,
  paint: (shield: number, mark: number) => [number, number, number, number],
): PNG {
  const png = new PNG({ width: size, height: size });
  const n = 6;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let shield = 0;
      let mark = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const u = (x + (sx + 0.5) / n - offset) / frame;
          const v = (y + (sy + 0.5) / n - offset) / frame;
          if (!inShield(u, v)) continue;
          if (inQuestionMark(u, v)) mark++;
          else shield++;
        }
      }
      const rgba = paint(shield / (n * n), mark / (n * n));
      rgba.forEach((value, i) => (png.data[(y * size + x) * 4 + i] = value));
    }
  }
  return png;
}

const mix = (a: number, b: number, t: number) => Math.round(a + (b - a) * t);

/** 192×192, opaque: accent background, white shield, accent question mark. */
export function drawColorIcon(): PNG {
  return render(192, 96, 48, (shield) => [
    mix(ACCENT.r, WHITE.r, shield),
    mix(ACCENT.g, WHITE.g, shield),
    mix(ACCENT.b, WHITE.b, shield),
    255,
  ]);
}

/** 32×32: white only, its alpha the shield's coverage, the question mark transparent. */
export function drawOutlineIcon(): PNG {
  return render(32, 32, 0, (shield) => {
    const alpha = Math.round(shield * 255);
    return alpha === 0 ? [0, 0, 0, 0] : [255, 255, 255, alpha];
  });
}

export const ICON_FILES = { color: join(ROOT_DIR, 'manifest', 'color.png'), outline: join(ROOT_DIR, 'manifest', 'outline.png') };

if (resolve(process.argv[1] ?? '') === resolve(__filename)) {
  writeFileSync(ICON_FILES.color, PNG.sync.write(drawColorIcon()));
  writeFileSync(ICON_FILES.outline, PNG.sync.write(drawOutlineIcon()));
  console.log(`wrote ${ICON_FILES.color} and ${ICON_FILES.outline}`);
}
