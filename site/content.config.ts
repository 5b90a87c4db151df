import { participationCollections } from './collections/participation.ts';
import { peopleCollections } from './collections/people.ts';
import { portalCollections } from './collections/portal.ts';
import { recordsCollections } from './collections/records.ts';

// One module per area of the site; each collection reads D1 through the d1Loader factory
// (site/loaders/d1-loader.ts) or MDX from content/.
export const collections = {
  ...portalCollections,
  ...peopleCollections,
  ...recordsCollections,
  ...participationCollections,
};
