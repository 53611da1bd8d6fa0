// Tests do not depend on the machine's speed: the engine's wall-clock budget for verification
// (400 ms by default, for editors) would make a gradient verdict depend on how busy the machine
// is. Engine tests that check verification pass this instead; the step limits still bound a run.
export const NO_WALL_CLOCK = { verifyBudgetMs: 60_000 } as const;
