/**
 * The five ratings, from best to worst. A connection is rated by its weakest part, so ratings are
 * combined by taking the worst.
 */
export const RATINGS = ['strong', 'acceptable', 'legacy', 'insecure', 'critical'] as const;

export type Rating = (typeof RATINGS)[number];

/** How one observation bears on the rating: 'info' explains without lowering anything. */
export type Impact = Rating | 'info';

export function ratingRank(rating: Rating): number {
  return RATINGS.indexOf(rating);
}

export function worstRating(ratings: Iterable<Rating>): Rating {
  let worst: Rating = 'strong';
  for (const rating of ratings) {
    if (ratingRank(rating) > ratingRank(worst)) worst = rating;
  }
  return worst;
}

export function isWorseThan(a: Rating, b: Rating): boolean {
  return ratingRank(a) > ratingRank(b);
}

/** The rating a list of observations adds up to: the worst impact that is not 'info'. */
export function ratingOf(impacts: Iterable<Impact>): Rating {
  const ratings: Rating[] = [];
  for (const impact of impacts) if (impact !== 'info') ratings.push(impact);
  return worstRating(ratings);
}
