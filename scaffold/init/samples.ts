import type { TaskTypeName } from '../../lambdas/task-types/names.ts';
import type { LabelDefinition } from '../config/define-task.ts';
import { samplePng, type Rect } from './png.ts';
import { footstepsWav } from './wav.ts';
import { encodePng } from '../../lambdas/consolidation/segmentation/png.ts';
import { fillPolygon, type Point } from '../../lambdas/task-types/polygon-fill.ts';

/** Sample data a new task starts with: labels, manifest lines (with a `truth` field) and image files. */
export interface SampleData {
  labels: Array<string | LabelDefinition>;
  labelAttributeName: string;
  title: string;
  description: string;
  keywords: string[];
  /** Manifest lines; `{{prefix}}` becomes `s3://<bucket>/<prefix>`. */
  lines: Array<Record<string, unknown>>;
  /** Files to write under `s3/<bucket>/<prefix>/` (the preview serves them for grant_read_access). */
  files: Array<{ key: string; bytes: Buffer }>;
}

const palette: Array<[number, number, number]> = [
  [214, 69, 65],
  [52, 120, 198],
  [58, 160, 90],
  [230, 160, 40],
];

function image(key: string, width: number, height: number, rects: Rect[]) {
  return { key, bytes: samplePng(width, height, rects) };
}

function boxesFor(i: number, labels: string[]) {
  const boxes = [
    { label: labels[0] ?? 'object', left: 40 + 30 * i, top: 60, width: 110, height: 160 },
    { label: labels[1] ?? labels[0] ?? 'object', left: 300 - 10 * i, top: 180 + 8 * i, width: 170, height: 90 },
  ].slice(0, 1 + (i % 2));
  return boxes;
}

/** A labelled region of a segmentation sample: its outline, and the colour the picture paints it in. */
interface Region {
  label: string;
  vertices: Point[];
  rgb: [number, number, number];
}

/** Aerial-looking tiles of a building (a rectangle), a tree (a triangle) and a pond (an irregular shape), placed differently in each. */
function regionsFor(i: number): Region[] {
  const dx = 18 * i;
  const dy = 10 * ((i * 3) % 5);
  const regions: Region[] = [
    { label: 'building', vertices: [{ x: 30 + dx, y: 40 + dy }, { x: 150 + dx, y: 40 + dy }, { x: 150 + dx, y: 130 + dy }, { x: 30 + dx, y: 130 + dy }], rgb: [150, 110, 90] },
    { label: 'tree', vertices: [{ x: 300 - dx, y: 30 + dy }, { x: 360 - dx, y: 150 + dy }, { x: 240 - dx, y: 150 + dy }], rgb: [60, 140, 70] },
    {
      label: 'water',
      vertices: [{ x: 90 + dx, y: 200 }, { x: 170 + dx, y: 180 }, { x: 250 + dx, y: 210 }, { x: 260 + dx, y: 260 }, { x: 180 + dx, y: 285 }, { x: 100 + dx, y: 265 }],
      rgb: [70, 120, 200],
    },
  ];
  // Not every tile has every kind of region.
  return i % 3 === 2 ? regions.slice(0, 2) : regions;
}

/** A tile: a soft background with each region filled in its colour, as an RGB PNG. */
function regionsPng(key: string, width: number, height: number, regions: Region[]) {
  const classes = new Uint8Array(width * height);
  regions.forEach((r, k) => fillPolygon(classes, width, height, r.vertices, k + 1));
  const data = new Uint8Array(width * height * 4);
  for (let p = 0; p < classes.length; p++) {
    const region = regions[(classes[p] as number) - 1];
    const shade = Math.round((Math.floor(p / width) / height) * 24);
    const [r, g, b] = region ? region.rgb : [214 - shade, 222 - shade, 200 - shade];
    data.set([r, g, b, 255], p * 4);
  }
  return { key, bytes: Buffer.from(encodePng({ width, height, data }, { colour: 'rgb' })) };
}

/** Support messages with their intent (single label) and every topic they touch (multi-label). */
const tickets = [
  ['My parcel arrived crushed, I want my money back.', 'refund', ['refund', 'delivery']],
  ['Where is my order? It was due on Monday.', 'delivery', ['delivery']],
  ['Can I change the colour of the sofa I ordered?', 'other', ['product']],
  ['The courier left the box at the wrong address.', 'delivery', ['delivery']],
  ['Please return the €49.90 you charged twice — O\'Neil & Sons account.', 'refund', ['refund']],
  ['Do you sell gift cards?', 'other', ['other']],
] as const;

const sentences = [
  'Ada Lovelace worked with Charles Babbage in London.',
  'Grace Hopper joined the Navy and later worked at Remington Rand.',
  'Amazon opened an office in Berlin in 2013.',
  'Marie Curie studied in Paris at the Sorbonne.',
  'Alan Turing was born in Maida Vale, London.',
] as const;

const entitiesBySentence: Array<Array<[string, string]>> = [
  [['Ada Lovelace', 'person'], ['Charles Babbage', 'person'], ['London', 'location']],
  [['Grace Hopper', 'person'], ['Navy', 'organization'], ['Remington Rand', 'organization']],
  [['Amazon', 'organization'], ['Berlin', 'location']],
  [['Marie Curie', 'person'], ['Paris', 'location'], ['Sorbonne', 'organization']],
  [['Alan Turing', 'person'], ['Maida Vale', 'location'], ['London', 'location']],
];

/** A picture of a receipt line: real text (SVG), so a worker can transcribe what the picture shows. */
function textImage(key: string, text: string) {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="120" viewBox="0 0 320 120">
  <rect width="320" height="120" fill="#fbf8ef"/>
  <text x="20" y="68" font-family="DejaVu Sans Mono, Consolas, monospace" font-size="22" fill="#282828">${escaped}</text>
</svg>
`;
  return { key, bytes: Buffer.from(svg, 'utf8') };
}

/** Code-point offsets of a phrase in a text (end exclusive), as crowd-entity-annotation reports them. */
function span(text: string, phrase: string) {
  const start = [...text.slice(0, text.indexOf(phrase))].length;
  return { startOffset: start, endOffset: start + [...phrase].length };
}

export function sampleData(type: TaskTypeName): SampleData {
  const imgKey = (i: number, extension = 'png') => `images/sample-${String(i + 1).padStart(2, '0')}.${extension}`;
  const img = (i: number, extension = 'png') => `{{prefix}}/${imgKey(i, extension)}`;
  switch (type) {
    case 'image-classification':
    case 'image-classification-multilabel': {
      const labels = type === 'image-classification' ? ['red', 'blue', 'green'] : ['red', 'blue', 'green', 'orange'];
      const lines = Array.from({ length: 6 }, (_, i) => {
        const colours = type === 'image-classification' ? [i % 3] : [i % 4, (i + 1) % 4].slice(0, 1 + (i % 2));
        return { 'source-ref': img(i), truth: type === 'image-classification' ? labels[colours[0] ?? 0] : colours.map((c) => labels[c]) };
      });
      const files = Array.from({ length: 6 }, (_, i) => {
        const colours = type === 'image-classification' ? [i % 3] : [i % 4, (i + 1) % 4].slice(0, 1 + (i % 2));
        return image(imgKey(i), 320, 240, colours.map((c, k) => ({ left: 40 + k * 130, top: 50, width: 110, height: 140, rgb: palette[[0, 1, 2, 3][c] ?? 0] ?? [0, 0, 0] })));
      });
      return {
        labels,
        labelAttributeName: 'colour',
        title: type === 'image-classification' ? 'Which colour is the shape?' : 'Which colours do you see?',
        description: type === 'image-classification' ? 'Pick the colour of the shape in the picture.' : 'Pick every colour of the shapes in the picture.',
        keywords: ['image', 'classification'],
        lines,
        files,
      };
    }
    case 'text-classification':
    case 'text-classification-multilabel': {
      const labels = type === 'text-classification' ? ['refund', 'delivery', 'other'] : ['refund', 'delivery', 'product', 'other'];
      return {
        labels,
        labelAttributeName: 'intent',
        title: type === 'text-classification' ? 'What does the customer want?' : 'Which topics does the message touch?',
        description: type === 'text-classification' ? 'Read the support message and choose the intent that fits it best.' : 'Read the support message and choose every topic it touches.',
        keywords: ['text', 'intent'],
        lines: tickets.map(([source, intent, topics], i) => ({ source, truth: type === 'text-classification' ? intent : [...topics], channel: i % 2 ? 'email' : 'chat' })),
        files: [],
      };
    }
    case 'bounding-box':
    case 'keypoint':
    case 'polygon': {
      const labels = type === 'keypoint' ? ['top-left corner', 'bottom-right corner'] : ['vehicle', 'pedestrian'];
      const size = { width: 640, height: 480 };
      const lines: Array<Record<string, unknown>> = [];
      const files: SampleData['files'] = [];
      for (let i = 0; i < 5; i++) {
        const boxes = boxesFor(i, ['vehicle', 'pedestrian']);
        files.push(image(imgKey(i), size.width, size.height, boxes.map((b, k) => ({ ...b, rgb: palette[k] ?? [0, 0, 0] }))));
        const truth =
          type === 'bounding-box'
            ? { imageSize: size, boxes }
            : type === 'keypoint'
              ? { imageSize: size, keypoints: boxes.flatMap((b) => [{ label: 'top-left corner', x: b.left, y: b.top }, { label: 'bottom-right corner', x: b.left + b.width, y: b.top + b.height }]) }
              : { imageSize: size, polygons: boxes.map((b) => ({ label: b.label, vertices: [{ x: b.left, y: b.top }, { x: b.left + b.width, y: b.top }, { x: b.left + b.width, y: b.top + b.height }, { x: b.left, y: b.top + b.height }] })) };
        lines.push({ 'source-ref': img(i), truth });
      }
      return {
        labels,
        labelAttributeName: type === 'bounding-box' ? 'objects' : type === 'keypoint' ? 'corners' : 'outlines',
        title: type === 'bounding-box' ? 'Draw a box around every object' : type === 'keypoint' ? 'Mark the corners of every shape' : 'Outline every object',
        description: type === 'bounding-box' ? 'Draw one tight box around each vehicle and pedestrian.' : type === 'keypoint' ? 'Click the top-left and bottom-right corner of each shape.' : 'Draw a polygon around each vehicle and pedestrian.',
        keywords: ['image', type === 'bounding-box' ? 'bounding box' : type === 'keypoint' ? 'keypoint' : 'polygon'],
        lines,
        files,
      };
    }
    case 'semantic-segmentation': {
      const size = { width: 400, height: 300 };
      const tiles = Array.from({ length: 5 }, (_, i) => regionsFor(i));
      return {
        labels: ['building', 'tree', 'water'],
        labelAttributeName: 'land-cover',
        title: 'Paint every building, tree and pond',
        description: 'Paint each building, tree and area of water in the picture with its label; leave everything else unpainted.',
        keywords: ['image', 'segmentation'],
        lines: tiles.map((regions, i) => ({ 'source-ref': img(i), truth: { imageSize: size, polygons: regions.map((r) => ({ label: r.label, vertices: r.vertices })) } })),
        files: tiles.map((regions, i) => regionsPng(imgKey(i), size.width, size.height, regions)),
      };
    }
    case 'named-entity':
      return {
        labels: [
          { label: 'person', shortDisplayName: 'per' },
          { label: 'organization', shortDisplayName: 'org' },
          { label: 'location', shortDisplayName: 'loc' },
        ],
        labelAttributeName: 'entities',
        title: 'Highlight people, organizations and places',
        description: 'Select each name in the text and tag it as a person, an organization or a location.',
        keywords: ['text', 'named entity'],
        lines: sentences.map((source, i) => ({ source, truth: (entitiesBySentence[i] ?? []).map(([phrase, label]) => ({ label, ...span(source, phrase) })) })),
        files: [],
      };
    case 'free-text': {
      const texts = ['Total due: 42.50', 'Invoice 2026-117', 'Thank you for shopping', 'Table 7 - 2 guests', 'VAT 20% included'];
      return {
        labels: [],
        labelAttributeName: 'transcription',
        title: 'Transcribe the text in the picture',
        description: 'Type the text you see exactly as written, including numbers and punctuation.',
        keywords: ['transcription', 'text'],
        lines: texts.map((truth, i) => ({ 'source-ref': img(i, 'svg'), truth, prompt: 'Type the text exactly as you read it.' })),
        files: texts.map((text, i) => textImage(imgKey(i, 'svg'), text)),
      };
    }
    case 'video-classification': {
      // Recordings of footsteps, which gtkit can make and every browser plays; the template shows
      // a video player for .mp4, .webm and .mov objects instead.
      const activities = ['walking', 'running', 'standing', 'running', 'walking'] as const;
      const pace = { walking: 2, running: 3.5, standing: 0 };
      const clipKey = (i: number) => `clips/clip-${String(i + 1).padStart(2, '0')}.wav`;
      return {
        labels: ['walking', 'running', 'standing'],
        labelAttributeName: 'activity',
        title: 'What is the person doing?',
        description: 'Play the recording and pick the activity that fits it best: walking, running or standing (no steps).',
        keywords: ['audio', 'activity'],
        lines: activities.map((truth, i) => ({ 'source-ref': `{{prefix}}/${clipKey(i)}`, truth })),
        files: activities.map((truth, i) => ({ key: clipKey(i), bytes: footstepsWav(pace[truth], 3, i + 1) })),
      };
    }
  }
}
