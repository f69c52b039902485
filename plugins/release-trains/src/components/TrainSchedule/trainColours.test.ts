import {
  contrastRatio,
  TRAIN_PALETTE,
  TRAIN_TEXT,
  trainColours,
} from './trainColours';

describe('trainColours', () => {
  it('keeps white text on every train colour readable (WCAG AA, 4.5:1)', () => {
    for (const colour of TRAIN_PALETTE) {
      expect(contrastRatio(colour, TRAIN_TEXT)).toBeGreaterThanOrEqual(4.5);
    }
    // The check itself can fail: a light colour does not pass.
    expect(contrastRatio('#FFEB3B', TRAIN_TEXT)).toBeLessThan(4.5);
    expect(contrastRatio('#000000', '#FFFFFF')).toBeCloseTo(21);
  });

  it('gives each train its own colour, whatever the order trains are listed in', () => {
    const names = ['express', 'weekly', 'nightly', 'hotfix', 'mobile'];
    const colours = trainColours(names);
    expect(new Set(colours.values()).size).toBe(names.length);
    expect(trainColours([...names].reverse())).toEqual(colours);
  });

  it('derives a train’s colour from its name, not from the other trains', () => {
    const alone = trainColours(['weekly']).get('weekly');
    expect(trainColours(['weekly', 'express']).get('weekly')).toBe(alone);
  });
});
