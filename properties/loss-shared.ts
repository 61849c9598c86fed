/**
 * What the loss-agnostic claims (properties/loss-*.ts; docs/theory.md §10) cite in common. Their instances (a loss on
 * a chosen side of its own threshold κ₀) are src/arbitraries/lossInstances.ts; their prediction, bias comparison and
 * `verify --loss` hooks are src/define/lossClaims.ts.
 */
export const LOSS_CITE = 'Zhou et al. 2022 (arXiv 2210.02192), Guo et al. 2024 (arXiv 2402.03979); docs/theory.md §10';
