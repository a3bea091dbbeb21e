import { Liquid, ParseError, Parser, type Template, type TopLevelToken } from 'liquidjs';
import { opensLevel, strayTagError, unclosedLiquidLineError } from './block-tags.ts';
import { HtmlCaptureTag } from './capture-tag.ts';
import { ShopifyCaseTag } from './case-tag.ts';
import { HtmlCycleTag } from './cycle-tag.ts';
import { useGroundTruthContext } from './context.ts';
import { applyEscapePolicy, autoescape } from './escaping.ts';
import { installGroundTruthDialect } from './filters.ts';
import { ShopifyForTag } from './for-tag.ts';
import { passHtmlThroughFilters } from './html-filters.ts';
import { maxBlockNesting, renderGuards } from './limits.ts';
import { meterWrittenText } from './metering.ts';
import { groundTruthOperators } from './operators.ts';
import type { PresignResolver } from './resolver.ts';
import { deterministicResolver } from './resolvers/deterministic.ts';
import { ShopifyTablerowTag } from './tablerow-tag.ts';
import { asTokenQueue } from './token-queue.ts';

export { escapeHtml } from './escaping.ts';

export interface EngineOptions {
  /** Where grant_read_access / s3_presign point; stable fake URLs (deterministic.ts) by default. */
  resolver?: PresignResolver;
  /** Fail on a variable that does not exist instead of rendering it empty. Default false, like Ground Truth. */
  strictVariables?: boolean;
  /**
   * Fail at parse time on a filter Ground Truth does not have. Default true; lint turns it off to
   * list every unknown filter rather than stop at the first.
   */
  strictFilters?: boolean;
  /** Called with every parsed node (lint uses it to trace renders); not needed to render. */
  onParsed?: (template: Template) => void;
}

/**
 * A liquidjs engine that behaves like Ground Truth's: every output HTML-escaped, `escape` and
 * `escape_once` never escaping twice, `skip_autoescape`, `to_json`, `grant_read_access` /
 * `s3_presign` through a resolver, hyphenated keys in dot paths, hashes iterated as
 * `[key, value]` pairs, captures kept as HTML so they are escaped once and compared by the text
 * they stand for (html-text.ts), Shopify's readings of `for`, `tablerow`, `case`, `cycle`,
 * `contains`, `split` and `url_encode` where liquidjs differs, messages that say which block a
 * stray end tag meets, and only the filters and tags Ground Truth has (filters.ts). Guards
 * (limits.ts) stop runaway templates with an error: blocks nest at most 100 deep, ranges and all
 * written text count against a memory limit (metering.ts), and a render, presigning included,
 * ends after 2 s.
 *
 * @example
 * const engine = createEngine({ resolver: localResolver() });
 * await engine.parseAndRender('{{ task.input.source-ref | grant_read_access }}', { task: { input } });
 */
export function createEngine(options: EngineOptions = {}): Liquid {
  const engine = new Liquid({
    outputEscape: autoescape,
    strictFilters: options.strictFilters ?? true,
    strictVariables: options.strictVariables ?? false,
    // `{% if task.input.x %}` and `| default` test for missing values on purpose.
    lenientIf: true,
    ownPropertyOnly: true,
    operators: groundTruthOperators,
    ...renderGuards,
  });
  installGroundTruthDialect(engine, options.resolver ?? deterministicResolver());
  passHtmlThroughFilters(engine);
  engine.registerTag('for', ShopifyForTag);
  engine.registerTag('capture', HtmlCaptureTag);
  engine.registerTag('case', ShopifyCaseTag);
  engine.registerTag('cycle', HtmlCycleTag);
  engine.registerTag('tablerow', ShopifyTablerowTag);
  meterWrittenText(engine);
  useGroundTruthContext(engine);
  // liquidjs makes a fresh Parser per parse() and hands it to block tags for their bodies:
  // hook each one so every node, however deeply nested, gets the escape policy.
  const open: TopLevelToken[] = []; // the blocks whose bodies are being parsed, and the current token
  const hook = (parser: Parser): Parser => {
    const parseToken = parser.parseToken.bind(parser);
    parser.parseToken = (token: TopLevelToken, remainTokens: TopLevelToken[]) => {
      // Rendering recurses once per block level and overflows the stack at about a thousand: refuse
      // deep nesting here, as Shopify does, at the block that opens one level too many (also when
      // its body is empty). Only blocks and {% liquid %} tags parse tokens inside them, so `open`
      // holds levels alone; refusing any token 101 levels down is a backstop should another tag.
      if (open.length >= (opensLevel(token) ? maxBlockNesting : maxBlockNesting + 1)) {
        throw new ParseError(new Error(`Liquid blocks (if, for, capture, …) nested more than ${maxBlockNesting} levels deep`), token);
      }
      open.push(token);
      let template: ReturnType<typeof parseToken>;
      try {
        template = parseToken(token, remainTokens);
      } catch (error) {
        const around = open.slice(0, -1);
        throw strayTagError(error, token, around) ?? unclosedLiquidLineError(error, token, around) ?? error;
      } finally {
        open.pop();
      }
      applyEscapePolicy(template);
      options.onParsed?.(template);
      return template;
    };
    // Linear parsing: the token list becomes a queue (token-queue.ts) before liquidjs reads it.
    const parseTokens = parser.parseTokens.bind(parser);
    parser.parseTokens = (tokens: TopLevelToken[]) => parseTokens(asTokenQueue(tokens));
    return parser;
  };
  hook(engine.parser);
  engine.parse = (html: string, filepath?: string) => hook(new Parser(engine)).parse(html, filepath);
  return engine;
}
