import { crowdBoundingBox } from './runtime/bounding-box.ts';
import { classifier } from './runtime/choice.ts';
import { alertBox, badge, card, container, disclosure, iconButton, instructionsRegion, tabs, toast } from './runtime/containers.ts';
import { hostElement, type Win } from './runtime/dom.ts';
import { crowdEntityAnnotation } from './runtime/entity-annotation.ts';
import { booleanField, crowdButton, crowdSlider, radioButton, textField } from './runtime/fields.ts';
import { crowdForm } from './runtime/form.ts';
import { crowdKeypoint } from './runtime/keypoint.ts';
import { crowdShapes } from './runtime/polygon.ts';
import { crowdSegmentation } from './runtime/segmentation.ts';

type ElementClass = CustomElementConstructor;

/** Every stand-in by tag name: one factory per element, given the window to define it on. */
export const standIns: Record<string, (win: Win) => ElementClass> = {
  'crowd-form': crowdForm,
  'crowd-button': crowdButton,
  'crowd-classifier': (w) => classifier(w, { multi: false, image: false }),
  'crowd-classifier-multi-select': (w) => classifier(w, { multi: true, image: false }),
  'crowd-image-classifier': (w) => classifier(w, { multi: false, image: true }),
  'crowd-image-classifier-multi-select': (w) => classifier(w, { multi: true, image: true }),
  'crowd-bounding-box': crowdBoundingBox,
  'crowd-keypoint': crowdKeypoint,
  'crowd-polygon': (w) => crowdShapes(w, 'polygons'),
  'crowd-line': (w) => crowdShapes(w, 'lines'),
  'crowd-polyline': (w) => crowdShapes(w, 'polylines'),
  'crowd-semantic-segmentation': (w) => crowdSegmentation(w, false),
  'crowd-instance-segmentation': (w) => crowdSegmentation(w, true),
  'crowd-entity-annotation': crowdEntityAnnotation,
  'crowd-input': (w) => textField(w, false),
  'crowd-text-area': (w) => textField(w, true),
  'crowd-checkbox': (w) => booleanField(w, 'checkbox'),
  'crowd-toggle-button': (w) => booleanField(w, 'switch'),
  'crowd-radio-group': (w) => container(w),
  'crowd-radio-button': radioButton,
  'crowd-slider': crowdSlider,
  'crowd-instructions': (w) => container(w, (el) => disclosure(el, 'Click for instructions')),
  'crowd-modal': (w) => container(w, (el) => disclosure(el, 'Click to open modal')),
  'crowd-tabs': (w) => container(w, tabs),
  'crowd-tab': (w) => container(w),
  'crowd-alert': (w) => container(w, alertBox),
  'crowd-badge': (w) => container(w, badge),
  'crowd-card': (w) => container(w, card),
  'crowd-fab': (w) => container(w, iconButton),
  'crowd-icon-button': (w) => container(w, iconButton),
  'crowd-toast': (w) => container(w, toast),
  'short-instructions': (w) => container(w, (el) => instructionsRegion(el, 'Instructions', Boolean(hostElement(el)))),
  'full-instructions': (w) => container(w, (el) => instructionsRegion(el, 'Full instructions', Boolean(hostElement(el)))),
  'classification-target': (w) => container(w),
  'worker-comment': (w) => container(w),
};
