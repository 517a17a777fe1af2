import { stringify } from 'yaml';
import { INGRESSROUTE_CRD } from '../plugins/api-ingressroute/ingressroute-crd.js';

/** The CRD files isobar ships, and the object each holds. */
export const CRD_FILES: ReadonlyArray<{ files: readonly string[]; crd: object; title: string }> = [
  {
    files: ['deploy/manifests/01-crd-ingressroute.yaml', 'deploy/helm/isobar/crds/ingressroute.yaml'],
    crd: INGRESSROUTE_CRD,
    title: 'IngressRoute (contour.heptio.com/v1beta1): the CRD of the seed article, as isobar understands it.',
  },
];

/** A CRD file's text: a header saying where it comes from, then the CRD. */
export function crdYaml(crd: object, title: string): string {
  return `# ${title}
#
# Generated from plugins/api-ingressroute/ingressroute-crd.ts by \`npm run gen:crds\`; do not edit. The
# same schema validates IngressRoutes read from files, so an object behaves the same from a watched
# directory and from the API server. What needs other objects or judgement shows up in
# status.currentStatus / status.description instead of a rejected apply.
${stringify(crd, { lineWidth: 0 })}`;
}
