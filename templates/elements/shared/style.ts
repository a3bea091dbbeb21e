const styleId = 'gtkit-crowd-stand-in-style';

/** One stylesheet for every stand-in: plain, readable, visible keyboard focus, no web fonts. */
export function ensureStyle(doc: Document): void {
  if (doc.getElementById(styleId)) return;
  const style = doc.createElement('style');
  style.id = styleId;
  style.textContent = css;
  (doc.head ?? doc.documentElement).append(style);
}

const css = `
:root{--gtkit-accent:#0b61c4;--gtkit-ink:#1f2328;--gtkit-muted:#59636e;--gtkit-line:#d1d9e0;--gtkit-soft:#f6f8fa;--gtkit-danger:#b42318;--gtkit-ok:#1a7f37;--gtkit-focus:#24292f}
crowd-form,crowd-bounding-box,crowd-keypoint,crowd-polygon,crowd-line,crowd-polyline,crowd-semantic-segmentation,crowd-instance-segmentation,crowd-entity-annotation,crowd-classifier,crowd-classifier-multi-select,crowd-image-classifier,crowd-image-classifier-multi-select,crowd-instructions,crowd-tabs,crowd-tab,crowd-card,crowd-alert,crowd-radio-group,short-instructions,full-instructions,classification-target,worker-comment,short-summary,detailed-instructions,positive-example,negative-example,crowd-input,crowd-text-area,crowd-slider{display:block}
crowd-badge,crowd-icon-button,crowd-button,crowd-checkbox,crowd-toggle-button,crowd-radio-button{display:inline-block}
:is(crowd-form,crowd-bounding-box,crowd-keypoint,crowd-polygon,crowd-line,crowd-polyline,crowd-semantic-segmentation,crowd-instance-segmentation,crowd-entity-annotation,crowd-classifier,crowd-classifier-multi-select,crowd-image-classifier,crowd-image-classifier-multi-select,crowd-instructions,crowd-tabs,crowd-tab,crowd-card,crowd-alert,crowd-radio-group,short-instructions,full-instructions,classification-target,worker-comment,crowd-input,crowd-text-area,crowd-slider,crowd-badge,crowd-icon-button,crowd-button,crowd-checkbox,crowd-toggle-button,crowd-radio-button,crowd-fab,crowd-toast,crowd-modal)[hidden]{display:none}
.gtkit-ui,.gtkit-ui button,.gtkit-ui input,.gtkit-ui textarea{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--gtkit-ink)}
.gtkit-banner{position:sticky;top:0;z-index:1000;display:block;background:#fff8c5;border-bottom:1px solid #d4a72c;padding:6px 12px;font:13px/1.4 system-ui,sans-serif;color:#4d2d00}
.gtkit-banner strong{font-weight:600}
.gtkit-tool{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start;border:1px solid var(--gtkit-line);border-radius:10px;padding:14px;margin:8px 0;background:#fff}
.gtkit-main{flex:1 1 480px;min-width:0}
.gtkit-side{flex:0 1 280px;min-width:220px;border-left:1px solid var(--gtkit-line);padding-left:16px}
.gtkit-side h3{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--gtkit-muted);margin:12px 0 6px}
.gtkit-side h3:first-child{margin-top:0}
.gtkit-header{font-weight:600;font-size:16px;margin:0 0 10px}
.gtkit-help{font-size:12.5px;color:var(--gtkit-muted);margin:8px 0 0}
.gtkit-help kbd,.gtkit-side kbd{font:11px ui-monospace,monospace;border:1px solid var(--gtkit-line);border-bottom-width:2px;border-radius:4px;padding:0 4px;background:var(--gtkit-soft)}
.gtkit-toolbar{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin:0 0 10px}
.gtkit-chip{display:inline-flex;align-items:center;gap:6px;border:1px solid var(--gtkit-line);border-radius:999px;padding:3px 12px 3px 8px;background:#fff;cursor:pointer;font-size:14px}
.gtkit-chip:hover{border-color:#8c959f}
.gtkit-chip[aria-checked=true],.gtkit-chip[aria-pressed=true]{background:#ddf4ff;border-color:var(--gtkit-accent);box-shadow:0 0 0 1px var(--gtkit-accent) inset;font-weight:600}
.gtkit-chip[aria-checked=true]::before{content:"✓";color:var(--gtkit-accent);font-weight:700;margin-right:-2px}
.gtkit-chip[disabled]{opacity:.5;cursor:not-allowed}
.gtkit-swatch{width:12px;height:12px;border-radius:3px;flex:none;box-shadow:0 0 0 1px rgba(0,0,0,.25) inset}
.gtkit-key{font:11px ui-monospace,monospace;opacity:.7}
.gtkit-ui :focus-visible,.gtkit-stage:focus-visible,.gtkit-entity-text:focus-visible{outline:3px solid var(--gtkit-focus);outline-offset:2px}
.gtkit-stage{position:relative;display:inline-block;max-width:100%;line-height:0;user-select:none;-webkit-user-select:none;touch-action:none;cursor:crosshair;background:repeating-conic-gradient(#eef1f4 0 25%,#fff 0 50%) 0 0/16px 16px;border-radius:4px}
.gtkit-stage img{display:block;max-width:100%;max-height:72vh;width:auto;height:auto;pointer-events:none}
.gtkit-stage svg,.gtkit-stage canvas{position:absolute;left:0;top:0;width:100%;height:100%}
.gtkit-stage canvas{pointer-events:none;opacity:.55}
.gtkit-stage svg text{font:600 12px system-ui,sans-serif;pointer-events:none}
.gtkit-shapes{list-style:none;margin:0;padding:0;max-height:40vh;overflow:auto}
.gtkit-shapes li{display:flex;align-items:center;gap:6px;padding:2px 0}
.gtkit-shapes li button.gtkit-select{flex:1;text-align:left;border:1px solid transparent;background:none;border-radius:6px;padding:3px 6px;cursor:pointer;display:flex;gap:6px;align-items:center}
.gtkit-shapes li button.gtkit-select[aria-pressed=true]{border-color:var(--gtkit-accent);background:#ddf4ff}
.gtkit-shapes .gtkit-empty{color:var(--gtkit-muted);font-size:13px}
.gtkit-icon-only{border:0;background:none;cursor:pointer;color:var(--gtkit-muted);font-size:16px;line-height:1;padding:2px 6px;border-radius:6px}
.gtkit-icon-only:hover{background:var(--gtkit-soft);color:var(--gtkit-danger)}
.gtkit-button{display:inline-flex;align-items:center;gap:6px;border:1px solid var(--gtkit-line);border-radius:6px;padding:6px 14px;background:var(--gtkit-soft);cursor:pointer;font-weight:500}
.gtkit-button:hover{border-color:#8c959f}
.gtkit-button[disabled]{opacity:.55;cursor:not-allowed}
.gtkit-button.gtkit-primary,.gtkit-button.gtkit-submit{background:var(--gtkit-ok);border-color:var(--gtkit-ok);color:#fff;font-weight:600}
.gtkit-button.gtkit-link{border-color:transparent;background:none;color:var(--gtkit-accent);text-decoration:underline;padding:2px 4px}
.gtkit-button.gtkit-icon{border-radius:50%;padding:6px 9px}
.gtkit-submit-row{margin:12px 0 4px;display:flex;gap:10px;align-items:center}
.gtkit-field{margin:10px 0}
.gtkit-field label.gtkit-label{display:block;font-weight:600;margin:0 0 4px}
.gtkit-field input[type=text],.gtkit-field input:not([type]),.gtkit-field input[type=email],.gtkit-field input[type=number],.gtkit-field input[type=url],.gtkit-field input[type=tel],.gtkit-field input[type=password],.gtkit-field input[type=search],.gtkit-field input[type=date],.gtkit-field textarea{width:100%;box-sizing:border-box;border:1px solid #8c959f;border-radius:6px;padding:6px 8px;background:#fff}
.gtkit-field [aria-invalid=true]{border-color:var(--gtkit-danger)!important;box-shadow:0 0 0 1px var(--gtkit-danger)}
.gtkit-counter{font-size:12px;color:var(--gtkit-muted);text-align:right}
.gtkit-error{color:var(--gtkit-danger);font-size:13px;margin:4px 0;font-weight:500}
.gtkit-error:empty{display:none}
.gtkit-problems{margin:4px 0;padding:6px 10px 6px 26px;border:1px solid #ffcecb;background:#ffebe9;color:#82071e;border-radius:6px;font:13px system-ui,sans-serif}
.gtkit-check{display:inline-flex;align-items:center;gap:8px;cursor:pointer;margin:4px 12px 4px 0}
.gtkit-check input{width:16px;height:16px;margin:0;accent-color:var(--gtkit-accent)}
.gtkit-switch{appearance:none;-webkit-appearance:none;width:34px!important;height:20px!important;border-radius:10px;background:#8c959f;position:relative;cursor:pointer;transition:background .15s}
.gtkit-switch::after{content:"";position:absolute;top:2px;left:2px;width:16px;height:16px;border-radius:50%;background:#fff;transition:left .15s}
.gtkit-switch:checked{background:var(--gtkit-accent)}
.gtkit-switch:checked::after{left:16px}
.gtkit-slider{display:flex;gap:10px;align-items:center}
.gtkit-slider input[type=range]{flex:1;accent-color:var(--gtkit-accent)}
.gtkit-slider output{min-width:3ch;font-variant-numeric:tabular-nums;font-weight:600}
.gtkit-slider input[type=number]{width:6em}
.gtkit-choices{display:flex;flex-wrap:wrap;gap:8px;margin:10px 0}
.gtkit-target{margin:8px 0 12px;padding:10px 12px;border-radius:8px;background:var(--gtkit-soft);overflow:auto}
.gtkit-target img,.gtkit-target video{max-width:100%}
.gtkit-classify-image{display:block;max-width:100%;max-height:60vh;border-radius:6px}
.gtkit-overlay-stage{position:relative;display:inline-block;line-height:0;max-width:100%}
.gtkit-overlay-stage svg,.gtkit-overlay-stage .gtkit-overlay-img{position:absolute;left:0;top:0;width:100%;height:100%;pointer-events:none}
.gtkit-overlay-stage .gtkit-overlay-img{opacity:.5}
.gtkit-answer{white-space:pre-wrap;font:12px/1.5 ui-monospace,monospace;background:var(--gtkit-soft);border:1px solid var(--gtkit-line);padding:10px;border-radius:8px;margin:10px 0}
.gtkit-answer-title{font:600 13px system-ui,sans-serif;margin:0 0 6px}
.gtkit-entity-text{line-height:2.1;font-size:16px;white-space:pre-wrap;padding:10px 12px;border:1px solid var(--gtkit-line);border-radius:8px;background:#fff;cursor:text}
.gtkit-entity{border-radius:4px;padding:2px 1px;border-bottom:2px solid}
.gtkit-entity-text sup{font:600 10px system-ui,sans-serif;margin-left:3px;padding:0 4px;border-radius:3px;color:#fff;vertical-align:super;user-select:none;-webkit-user-select:none}
.gtkit-pending{background:#b6e3ff;outline:1px dashed var(--gtkit-accent)}
.gtkit-caret{border-left:2px solid var(--gtkit-ink);margin-left:-1px}
.gtkit-dialog{border:0;border-radius:12px;padding:0;max-width:min(760px,92vw);box-shadow:0 12px 40px rgba(0,0,0,.3)}
.gtkit-dialog::backdrop{background:rgba(15,20,25,.45)}
.gtkit-dialog-head{display:flex;justify-content:space-between;align-items:center;gap:12px;padding:12px 16px;border-bottom:1px solid var(--gtkit-line)}
.gtkit-dialog-head h2{font-size:16px;margin:0}
.gtkit-dialog-body{padding:12px 16px 16px;max-height:70vh;overflow:auto}
.gtkit-dialog-body section+section{margin-top:12px}
.gtkit-dialog-body h3{font-size:14px;margin:0 0 4px}
.gtkit-example-good{border-left:4px solid var(--gtkit-ok);padding-left:10px}
.gtkit-example-bad{border-left:4px solid var(--gtkit-danger);padding-left:10px}
.gtkit-panel{border:1px solid var(--gtkit-line);border-radius:10px;padding:12px 14px;margin:8px 0;background:#fff}
.gtkit-tablist{display:flex;gap:2px;border-bottom:1px solid var(--gtkit-line);margin:0 0 10px}
.gtkit-tablist [role=tab]{border:0;border-bottom:3px solid transparent;background:none;padding:8px 14px;cursor:pointer;font-weight:500;color:var(--gtkit-muted)}
.gtkit-tablist [role=tab][aria-selected=true]{border-bottom-color:var(--gtkit-accent);color:var(--gtkit-ink)}
crowd-alert{padding:10px 12px;border-radius:8px;margin:8px 0;border:1px solid}
crowd-alert[data-gtkit-type=info]{background:#ddf4ff;border-color:#54aeff}
crowd-alert[data-gtkit-type=success]{background:#dafbe1;border-color:#4ac26b}
crowd-alert[data-gtkit-type=warning]{background:#fff8c5;border-color:#d4a72c}
crowd-alert[data-gtkit-type=error]{background:#ffebe9;border-color:#ff8182}
.gtkit-dismiss{float:right}
.gtkit-badge{display:inline-flex;align-items:center;justify-content:center;min-width:1.5em;height:1.5em;padding:0 6px;border-radius:999px;background:#cf222e;color:#fff;font:600 12px system-ui,sans-serif;box-sizing:border-box;vertical-align:middle}
.gtkit-card img{display:block;max-width:100%;border-radius:6px;margin:0 0 8px}
.gtkit-fab{position:fixed;right:24px;bottom:24px;width:52px;height:52px;border-radius:50%;border:0;background:var(--gtkit-accent);color:#fff;font:600 20px system-ui,sans-serif;box-shadow:0 4px 14px rgba(0,0,0,.3);cursor:pointer;z-index:900}
.gtkit-fab[disabled]{background:#8c959f;cursor:not-allowed}
.gtkit-toast{position:fixed;left:24px;bottom:24px;max-width:420px;display:flex;gap:12px;align-items:center;padding:10px 14px;background:#24292f;color:#fff;border-radius:8px;box-shadow:0 6px 20px rgba(0,0,0,.3);z-index:950;font:14px system-ui,sans-serif}
.gtkit-toast[hidden]{display:none}
.gtkit-toast button{color:#fff}
.gtkit-sr-only{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
@media (prefers-reduced-motion:reduce){.gtkit-switch,.gtkit-switch::after{transition:none}}
`;
