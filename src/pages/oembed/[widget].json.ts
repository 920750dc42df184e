/**
 * /oembed/<widget>.json: the oEmbed document of each embeddable widget (type "rich"), linked from its
 * embed page with <link rel="alternate" type="application/json+oembed">.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { oembedDocument } from '../../lib/embed/snippet.ts';
import type { WidgetEmbed } from '../../lib/embed/widgets.ts';
import { availableWidgets } from '../../widgets/embeds.ts';

export const getStaticPaths = (() =>
  availableWidgets().map(({ embed }) => ({
    params: { widget: embed.id },
    props: { embed },
  }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props, site }) => {
  const { embed } = props as { embed: WidgetEmbed };
  const body = JSON.stringify(
    oembedDocument(embed, (site ?? new URL('http://localhost/')).origin),
    null,
    2,
  );
  return new Response(body, {
    headers: { 'content-type': 'application/json+oembed; charset=utf-8' },
  });
};
