import { classificationTarget } from './classification-target.ts';
import { crowdAlert } from './crowd-alert.ts';
import { crowdBadge } from './crowd-badge.ts';
import { crowdBoundingBox } from './crowd-bounding-box.ts';
import { crowdButton } from './crowd-button.ts';
import { crowdCard } from './crowd-card.ts';
import { crowdCheckbox } from './crowd-checkbox.ts';
import { crowdClassifierMultiSelect } from './crowd-classifier-multi-select.ts';
import { crowdClassifier } from './crowd-classifier.ts';
import { crowdEntityAnnotation } from './crowd-entity-annotation.ts';
import { crowdFab } from './crowd-fab.ts';
import { crowdForm } from './crowd-form.ts';
import { crowdIconButton } from './crowd-icon-button.ts';
import { crowdImageClassifierMultiSelect } from './crowd-image-classifier-multi-select.ts';
import { crowdImageClassifier } from './crowd-image-classifier.ts';
import { crowdInput } from './crowd-input.ts';
import { crowdInstanceSegmentation } from './crowd-instance-segmentation.ts';
import { crowdInstructions, instructionRegions } from './crowd-instructions.ts';
import { crowdKeypoint } from './crowd-keypoint.ts';
import { crowdLine } from './crowd-line.ts';
import { crowdModal } from './crowd-modal.ts';
import { crowdPolygon } from './crowd-polygon.ts';
import { crowdPolyline } from './crowd-polyline.ts';
import { crowdRadioButton } from './crowd-radio-button.ts';
import { crowdRadioGroup } from './crowd-radio-group.ts';
import { crowdSemanticSegmentation } from './crowd-semantic-segmentation.ts';
import { crowdSlider } from './crowd-slider.ts';
import { crowdTab } from './crowd-tab.ts';
import { crowdTabs } from './crowd-tabs.ts';
import { crowdTextArea } from './crowd-text-area.ts';
import { crowdToast } from './crowd-toast.ts';
import { crowdToggleButton } from './crowd-toggle-button.ts';
import { fullInstructions } from './full-instructions.ts';
import type { StandIn } from './shared/lifecycle.ts';
import { shortInstructions } from './short-instructions.ts';
import { workerComment } from './worker-comment.ts';

/**
 * Every stand-in, in the order they are defined: containers before what they contain, so that
 * on a page that is already parsed crowd-form wraps its children before they lay themselves out.
 */
export const standInList: readonly StandIn[] = [
  crowdForm,
  crowdButton,
  crowdClassifier,
  crowdClassifierMultiSelect,
  crowdImageClassifier,
  crowdImageClassifierMultiSelect,
  crowdBoundingBox,
  crowdKeypoint,
  crowdPolygon,
  crowdLine,
  crowdPolyline,
  crowdSemanticSegmentation,
  crowdInstanceSegmentation,
  crowdEntityAnnotation,
  crowdInput,
  crowdTextArea,
  crowdCheckbox,
  crowdRadioGroup,
  crowdRadioButton,
  crowdToggleButton,
  crowdSlider,
  crowdInstructions,
  ...instructionRegions,
  crowdModal,
  crowdTabs,
  crowdTab,
  crowdAlert,
  crowdBadge,
  crowdCard,
  crowdFab,
  crowdIconButton,
  crowdToast,
  shortInstructions,
  fullInstructions,
  classificationTarget,
  workerComment,
];

/** The stand-ins by tag name. */
export const standIns: Readonly<Record<string, StandIn>> = Object.fromEntries(standInList.map((s) => [s.tag, s]));
