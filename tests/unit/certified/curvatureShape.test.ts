import { describe, expectTypeOf, it } from 'vitest';
import type {
  CertifiedExtended,
  CurvatureCertificate,
  FrameCertificate,
  RestrictedCurvature,
} from '../../../src/certified/index.ts';

describe('CurvatureCertificate (one curvature shape across models)', () => {
  it("should be the shape of the plain UFM's restricted curvature and of the extended model's certificates", () => {
    // Assert (checked by tsc: a field renamed or retyped in one model breaks this file)
    expectTypeOf<RestrictedCurvature>().toMatchTypeOf<CurvatureCertificate>();
    expectTypeOf<CertifiedExtended['curvature']>().toEqualTypeOf<CurvatureCertificate>();
    expectTypeOf<FrameCertificate['curvature']>().toEqualTypeOf<CurvatureCertificate>();
  });
});
