// Geometry of a Graphviz SVG, for checking that a rendered picture is readable: every edge's path as a polyline,
// every text's bounding box. Graphviz writes one <g class="edge"> per edge (a <title>, a <path d="M… C…">, the
// arrowhead <polygon> and its label <text>s) and one <text text-anchor="middle" x y font-size> per label line.

export interface Box {
  readonly text: string;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export interface EdgeLine {
  readonly title: string;
  /** The path sampled along its cubic Bézier pieces. */
  readonly points: readonly (readonly [number, number])[];
}

const unescape = (s: string) => s.replace(/&#45;/g, "-").replace(/&gt;/g, ">").replace(/&lt;/g, "<").replace(/&amp;/g, "&").replace(/&#39;/g, "'").replace(/&quot;/g, '"');

/**
 * Bounding boxes of all texts. Helvetica's average advance is about 0.6 of the font size (an overestimate for
 * lowercase, so the check errs towards reporting); the box runs from the ascender (0.8 size above the baseline) to
 * the descender (0.2 below).
 */
export function textBoxesOf(svg: string): Box[] {
  return [...svg.matchAll(/<text text-anchor="(start|middle|end)" x="([-\d.]+)" y="([-\d.]+)"[^>]*font-size="([\d.]+)"[^>]*>([^<]*)<\/text>/g)].map((m) => {
    const [anchor, x, y, size, text] = [m[1], Number(m[2]), Number(m[3]), Number(m[4]), unescape(m[5])];
    const width = text.length * size * 0.6;
    const left = anchor === "start" ? x : anchor === "end" ? x - width : x - width / 2;
    return { text, left, right: left + width, top: y - size * 0.8, bottom: y + size * 0.2 };
  });
}

function bezier(p0: number[], p1: number[], p2: number[], p3: number[], t: number): [number, number] {
  const u = 1 - t;
  const at = (i: number) => u * u * u * p0[i] + 3 * u * u * t * p1[i] + 3 * u * t * t * p2[i] + t * t * t * p3[i];
  return [at(0), at(1)];
}

/** Each edge's path (Graphviz writes `M x,y C x1,y1 x2,y2 x3,y3 …`), sampled 10 times per Bézier piece. */
export function edgeLinesOf(svg: string): EdgeLine[] {
  return [...svg.matchAll(/<g id="[^"]*" class="edge">\s*<title>([^<]*)<\/title>\s*<path[^>]* d="([^"]+)"/g)].map((m) => {
    const numbers = [...m[2].matchAll(/-?[\d.]+/g)].map((n) => Number(n[0]));
    const xy: number[][] = [];
    for (let i = 0; i + 1 < numbers.length; i += 2) xy.push([numbers[i], numbers[i + 1]]);
    const points: [number, number][] = [[xy[0][0], xy[0][1]]];
    for (let i = 1; i + 2 < xy.length; i += 3) {
      for (let step = 1; step <= 10; step++) points.push(bezier(xy[i - 1], xy[i], xy[i + 1], xy[i + 2], step / 10));
    }
    return { title: unescape(m[1]), points };
  });
}

export const boxesOverlap = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

function distanceToSegment(p: readonly [number, number], a: readonly [number, number], b: readonly [number, number]): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/**
 * The longest stretch of `a` that runs within `tolerance` points of `b`: two edges that leave the same node touch
 * for a few points, two edges drawn on one line share a long stretch.
 */
function extentOf(line: EdgeLine, margin: number): Omit<Box, "text"> {
  const xs = line.points.map((p) => p[0]);
  const ys = line.points.map((p) => p[1]);
  return { left: Math.min(...xs) - margin, right: Math.max(...xs) + margin, top: Math.min(...ys) - margin, bottom: Math.max(...ys) + margin };
}

export function sharedLength(a: EdgeLine, b: EdgeLine, tolerance = 3): number {
  const [boxA, boxB] = [extentOf(a, tolerance), extentOf(b, tolerance)];
  if (!(boxA.left < boxB.right && boxB.left < boxA.right && boxA.top < boxB.bottom && boxB.top < boxA.bottom)) return 0;
  const near = a.points.map((p) => b.points.some((q, i) => i > 0 && distanceToSegment(p, b.points[i - 1], q) <= tolerance));
  let best = 0;
  let run = 0;
  for (let i = 1; i < a.points.length; i++) {
    run = near[i] && near[i - 1] ? run + Math.hypot(a.points[i][0] - a.points[i - 1][0], a.points[i][1] - a.points[i - 1][1]) : 0;
    best = Math.max(best, run);
  }
  return best;
}

/** Pairs of overlapping texts and pairs of edges that share more than `minShared` points of their length. */
export function layoutProblems(svg: string, minShared = 20): string[] {
  const boxes = textBoxesOf(svg);
  const edges = edgeLinesOf(svg);
  const problems: string[] = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => boxesOverlap(a, b) && problems.push(`labels overlap: "${a.text}" and "${b.text}"`)));
  edges.forEach((a, i) =>
    edges.slice(i + 1).forEach((b) => {
      const shared = Math.max(sharedLength(a, b), sharedLength(b, a));
      if (shared > minShared) problems.push(`edges share ${Math.round(shared)} pt: ${a.title} and ${b.title}`);
    }),
  );
  return problems;
}
