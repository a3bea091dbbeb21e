/** Semantic segmentation: the PNG codec, masks from workers' answers, and the pixel-vote algorithm. */
export { decodePng, decodeIndexedPng, encodePng, encodeIndexedPng, readPngHeader, fromBase64, toBase64, PngError, Base64Error, MAX_PNG_PIXELS, type RgbaImage, type IndexedImage, type PngHeader, type DecodeOptions, type EncodeOptions } from './png.ts';
export { maskFromAnswer, parseHexColor, hexColor, MaskError, DEFAULT_COLOR_TOLERANCE, MAX_MASK_LABELS, type LabelMask, type MaskAnswer, type MaskOptions, type ReadMask } from './masks.ts';
export { pixelVote, mergePixelVoteStates, DEFAULT_SMOOTHING, DEFAULT_SMOOTHING_RADIUS, BACKGROUND_COLOR, type ConsolidatedMask, type PixelVoteOptions, type PixelVoteState } from './pixel-vote.ts';
export { EncodedMask } from './encoded-mask.ts';
