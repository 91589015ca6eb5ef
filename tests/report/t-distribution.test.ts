import { describe, expect, test } from "vitest";
import { incompleteBeta, logGamma, tCdf, tQuantile, tTwoSidedP } from "../../src/report/t-distribution.js";

/** Student's t density, integrated with Simpson's rule: a reference independent of the incomplete beta. */
function tCdfByIntegration(t: number, df: number): number {
  const c = Math.exp(logGammaRef((df + 1) / 2) - logGammaRef(df / 2)) / Math.sqrt(df * Math.PI);
  const pdf = (x: number) => c * (1 + (x * x) / df) ** (-(df + 1) / 2);
  const steps = 200000;
  const h = Math.abs(t) / steps;
  let sum = pdf(0) + pdf(Math.abs(t));
  for (let i = 1; i < steps; i++) sum += (i % 2 ? 4 : 2) * pdf(i * h);
  const half = (sum * h) / 3;
  return t >= 0 ? 0.5 + half : 0.5 - half;
}

/** log Γ for the integer and half-integer arguments the reference needs. */
function logGammaRef(x: number): number {
  let value = Number.isInteger(x) ? 0 : Math.log(Math.sqrt(Math.PI));
  for (let k = Number.isInteger(x) ? 1 : 0.5; k < x; k++) value += Math.log(k);
  return value;
}

describe("t quantiles", () => {
  // Published two-sided 95% critical values (any statistics table; scipy.stats.t.ppf(0.975, df)).
  test.each([
    [1, 12.706205],
    [2, 4.302653],
    [3, 3.182446],
    [4, 2.776445],
    [9, 2.262157],
    [29, 2.04523],
    [100, 1.983972],
  ])("t(0.975, %i) = %f", (df, expected) => {
    expect(tQuantile(0.975, df)).toBeCloseTo(expected, 5);
  });

  test("quantile and CDF are inverses, and the lower tail is symmetric", () => {
    for (const df of [1, 2, 5, 17]) {
      for (const p of [0.6, 0.9, 0.995]) {
        expect(tCdf(tQuantile(p, df), df)).toBeCloseTo(p, 10);
        expect(tQuantile(1 - p, df)).toBeCloseTo(-tQuantile(p, df), 9);
      }
    }
  });
});

describe("t CDF and p-values", () => {
  test("match the integrated density", () => {
    for (const [t, df] of [
      [0.5, 1],
      [2, 2],
      [-1.5, 3],
      [3.1, 7],
      [1.96, 30],
    ] as const) {
      expect(tCdf(t, df)).toBeCloseTo(tCdfByIntegration(t, df), 8);
    }
  });

  test("df = 2 has a closed form: P(|T| >= t) = 1 - t / sqrt(2 + t^2)", () => {
    for (const t of [0.3, 1, 5, 12]) expect(tTwoSidedP(t, 2)).toBeCloseTo(1 - t / Math.sqrt(2 + t * t), 12);
  });

  test("df = 1 is the Cauchy distribution: P(T <= t) = 1/2 + atan(t) / pi", () => {
    for (const t of [-4, -0.2, 0.7, 30]) expect(tCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
  });

  test("t = 2 with 5 degrees of freedom: p = 0.101939 (two-sided)", () => {
    expect(tTwoSidedP(2, 5)).toBeCloseTo(0.1019395, 6);
  });
});

describe("regularized incomplete beta", () => {
  test("closed forms: I_x(a, 1) = x^a, I_x(1, b) = 1 - (1 - x)^b, I_0.5(a, a) = 1/2", () => {
    for (const x of [0.01, 0.3, 0.77, 0.99]) {
      expect(incompleteBeta(x, 3.5, 1)).toBeCloseTo(x ** 3.5, 12);
      expect(incompleteBeta(x, 1, 4)).toBeCloseTo(1 - (1 - x) ** 4, 12);
    }
    for (const a of [0.5, 2, 40]) expect(incompleteBeta(0.5, a, a)).toBeCloseTo(0.5, 12);
  });

  test("I_0.3(2, 3) = 0.3483 (binomial sum)", () => {
    expect(incompleteBeta(0.3, 2, 3)).toBeCloseTo(0.3483, 12);
  });

  test("log gamma at integers and halves", () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(10.5)).toBeCloseTo(logGammaRef(10.5), 10);
  });
});
