import { elementSpecs } from '../../templates/elements/spec.ts';

/** The crowd elements that load an image from `src`: the image tools, whose spec requires it. */
const imageElements = Object.values(elementSpecs)
  .filter((spec) => spec.required.includes('src'))
  .map((spec) => spec.tag);

/** Whether a crowd element is an image tool: one that shows the picture its `src` names (`crowd-bounding-box`). */
export function isImageTool(tag: string): boolean {
  return imageElements.includes(tag);
}

/** The first crowd image tool the template names, or undefined. */
export function imageToolOfTemplate(template: string): string | undefined {
  return imageElements.find((tag) => new RegExp(`<\\s*${tag}(?![\\w-])`, 'i').test(template));
}
