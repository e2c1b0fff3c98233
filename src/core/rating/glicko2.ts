/**
 * Glicko-2 (Mark Glickman, "Example of the Glicko-2 system", 2012): a rating, its deviation (how sure it is) and
 * volatility, updated from the games of one rating period. Written here from the published algorithm, and held
 * to the paper's worked example by tests/core/rating/glicko2.test.ts: the npm package (glicko2) is untyped and
 * keeps players as mutable objects inside a ranking, where the core wants a pure function of stored numbers.
 */

export interface Rating {
  rating: number;
  /** Rating deviation: about 95% of the time the true rating lies within ±2 RD. */
  rd: number;
  volatility: number;
}

/** One game of the period: the opponent's rating before it, and the score (1 win, 0.5 draw, 0 loss). */
export interface Game {
  opponent: Pick<Rating, 'rating' | 'rd'>;
  score: number;
}

export const INITIAL: Rating = { rating: 1500, rd: 350, volatility: 0.06 };

/** The system constant: how much volatility may change (Glickman suggests 0.3 to 1.2). */
export const TAU = 0.5;
/** Glicko's scale factor between the rating scale and Glicko-2's. */
const SCALE = 173.7178;
const EPSILON = 0.000001;

const g = (phi: number): number => 1 / Math.sqrt(1 + (3 * phi * phi) / (Math.PI * Math.PI));
const expected = (mu: number, muJ: number, phiJ: number): number => 1 / (1 + Math.exp(-g(phiJ) * (mu - muJ)));

/** The new volatility: step 5 of the paper, the Illinois algorithm. */
function newVolatility(sigma: number, phi: number, v: number, delta: number, tau: number): number {
  const a = Math.log(sigma * sigma);
  const f = (x: number) => {
    const ex = Math.exp(x);
    const d = phi * phi + v + ex;
    return (ex * (delta * delta - phi * phi - v - ex)) / (2 * d * d) - (x - a) / (tau * tau);
  };
  let A = a;
  let B: number;
  if (delta * delta > phi * phi + v) {
    B = Math.log(delta * delta - phi * phi - v);
  } else {
    let k = 1;
    while (f(a - k * tau) < 0) k++;
    B = a - k * tau;
  }
  let fA = f(A);
  let fB = f(B);
  while (Math.abs(B - A) > EPSILON) {
    const C = A + ((A - B) * fA) / (fB - fA);
    const fC = f(C);
    if (fC * fB <= 0) {
      A = B;
      fA = fB;
    } else {
      fA /= 2;
    }
    B = C;
    fB = fC;
  }
  return Math.exp(A / 2);
}

/** A player's rating after one rating period with `games` (none: only the deviation grows). */
export function rate(player: Rating, games: readonly Game[], tau = TAU): Rating {
  const mu = (player.rating - 1500) / SCALE;
  const phi = player.rd / SCALE;
  if (games.length === 0) {
    return { ...player, rd: Math.sqrt(phi * phi + player.volatility * player.volatility) * SCALE };
  }
  let vInverse = 0;
  let sum = 0;
  for (const game of games) {
    const muJ = (game.opponent.rating - 1500) / SCALE;
    const phiJ = game.opponent.rd / SCALE;
    const e = expected(mu, muJ, phiJ);
    vInverse += g(phiJ) * g(phiJ) * e * (1 - e);
    sum += g(phiJ) * (game.score - e);
  }
  const v = 1 / vInverse;
  const sigma = newVolatility(player.volatility, phi, v, v * sum, tau);
  const phiStar = Math.sqrt(phi * phi + sigma * sigma);
  const phiNew = 1 / Math.sqrt(1 / (phiStar * phiStar) + 1 / v);
  const muNew = mu + phiNew * phiNew * sum;
  return { rating: muNew * SCALE + 1500, rd: phiNew * SCALE, volatility: sigma };
}

/** The rating a leaderboard can vouch for: two deviations below it (a newcomer's wide RD ranks them low). */
export const conservative = (r: Pick<Rating, 'rating' | 'rd'>): number => r.rating - 2 * r.rd;
