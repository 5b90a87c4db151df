/** Motions and suggestions, handling units, livelihood projects and statistics' inputs. */
export const recordsCollections = {};
