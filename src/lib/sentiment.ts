/** The sentiment of a text with AFINN (the `sentiment` package): explainable word scores. */
import Sentiment from 'sentiment';

const analyzer = new Sentiment();

export interface SentimentScore {
  /** the sum of the AFINN word scores */
  score: number;
  /** the score per word, rounded to 3 places (about −5 … 5) */
  comparative: number;
  /** the words that scored negative */
  negative: string[];
}

export function scoreSentiment(text: string): SentimentScore {
  const r = analyzer.analyze(text.slice(0, 20_000));
  return {
    score: r.score,
    comparative: Math.round(r.comparative * 1000) / 1000,
    negative: r.negative,
  };
}
