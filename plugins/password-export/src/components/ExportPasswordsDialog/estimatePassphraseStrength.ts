/** Strength of a passphrase on the zxcvbn scale. */
export interface PassphraseStrength {
  /**
   * 0 (guessable in under 10^3 tries) to 4 (needs more than 10^10 tries), as
   * estimated by zxcvbn-ts.
   */
  score: 0 | 1 | 2 | 3 | 4;
  /** A short explanation of a weakness, such as "This is a common password". */
  warning?: string;
}

type Estimator = (
  passphrase: string,
  userInputs: string[],
) => PassphraseStrength;

let estimatorPromise: Promise<Estimator> | undefined;

// The word lists weigh several megabytes, so they are loaded on first use
// rather than with the plugin.
async function loadEstimator(): Promise<Estimator> {
  const [core, common, english] = await Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]);

  core.zxcvbnOptions.setOptions({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });

  return (passphrase, userInputs) => {
    const result = core.zxcvbn(passphrase, userInputs);
    return {
      score: result.score,
      warning: result.feedback.warning || undefined,
    };
  };
}

/**
 * Estimates how hard a passphrase is to guess.
 *
 * @param passphrase - the passphrase to rate
 * @param userInputs - words that an attacker could know, such as the names of
 *   the exported resources; passphrases built from them score lower
 */
export async function estimatePassphraseStrength(
  passphrase: string,
  userInputs: string[] = [],
): Promise<PassphraseStrength> {
  estimatorPromise ??= loadEstimator();

  try {
    const estimate = await estimatorPromise;
    return estimate(passphrase, userInputs);
  } catch (error) {
    // A failed chunk load must not stick, so the next call tries again.
    estimatorPromise = undefined;
    throw error;
  }
}
