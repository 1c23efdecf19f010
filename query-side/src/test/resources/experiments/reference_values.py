#!/usr/bin/env python3
"""Independent reference values for ExperimentStatisticsTest.

Computed with mpmath at 50 significant digits from the textbook formulas (not from the Java code
or Commons Math): normal tail via erfc, Student t tail via the regularized incomplete beta,
chi-square tail via the regularized upper incomplete gamma, quantiles by root finding.
Run: python3 reference_values.py
"""
from mpmath import mp, mpf, sqrt, erfc, betainc, gammainc, findroot

mp.dps = 50

def norm_sf(x):            # P(Z > x)
    return erfc(x / sqrt(2)) / 2

def norm_ppf(p):           # inverse CDF
    return findroot(lambda x: 1 - norm_sf(x) - p, mpf(1.5))

def t_sf(t, df):           # P(T > t), t >= 0
    x = df / (df + t * t)
    return betainc(df / 2, mpf(1) / 2, 0, x, regularized=True) / 2

def t_ppf(p, df):          # inverse CDF for p > 0.5
    return findroot(lambda t: 1 - t_sf(t, df) - p, mpf(2))

def chi2_sf(x, k):
    return gammainc(mpf(k) / 2, x / 2, mp.inf, regularized=True)

def z_test(xc, nc, xt, nt, alpha):
    xc, nc, xt, nt = map(mpf, (xc, nc, xt, nt))
    pc, pt = xc / nc, xt / nt
    pooled = (xc + xt) / (nc + nt)
    z = (pt - pc) / sqrt(pooled * (1 - pooled) * (1 / nc + 1 / nt))
    p = 2 * norm_sf(abs(z))
    se = sqrt(pc * (1 - pc) / nc + pt * (1 - pt) / nt)
    zc = norm_ppf(1 - mpf(alpha) / 2)
    return dict(diff=pt - pc, lift=(pt - pc) / pc, z=z, p=p, lo=pt - pc - zc * se, hi=pt - pc + zc * se)

def welch(a, b, alpha):
    def mv(xs):
        n = len(xs); m = mpf(sum(xs)) / n
        v = sum((mpf(x) - m) ** 2 for x in xs) / (n - 1)
        return n, m, v
    nc, mc, vc = mv(a); nt, mt, vt = mv(b)
    se2 = vc / nc + vt / nt
    t = (mt - mc) / sqrt(se2)
    df = se2 ** 2 / ((vc / nc) ** 2 / (nc - 1) + (vt / nt) ** 2 / (nt - 1))
    p = 2 * t_sf(abs(t), df)
    tc = t_ppf(1 - mpf(alpha) / 2, df)
    return dict(diff=mt - mc, lift=(mt - mc) / mc, t=t, df=df, p=p, lo=mt - mc - tc * sqrt(se2), hi=mt - mc + tc * sqrt(se2))

def srm(observed, weights):
    n = sum(observed); w = sum(weights)
    chi = sum((mpf(o) - mpf(n) * wi / w) ** 2 / (mpf(n) * wi / w) for o, wi in zip(observed, weights))
    return dict(chi=chi, p=chi2_sf(chi, len(observed) - 1))

CONTROL_GC = [0, 0, 0, 12, 0, 30, 0, 0, 45, 0, 0, 12, 0, 0, 0, 60, 0, 12, 0, 0, 24, 0, 0, 0, 15]
TREATMENT_GC = [0, 18, 0, 0, 36, 0, 54, 0, 0, 18, 90, 0, 0, 18, 0, 0, 36, 0, 72, 0, 0, 0, 18, 0, 45, 0, 27, 0]
EVEN_GC_C = [3, 7, 7, 19, 4, 10, 8, 12, 6, 9]
EVEN_GC_T = [14, 9, 11, 21, 13, 8, 17, 12, 15, 10, 16, 19]

def show(name, d):
    print(name)
    for k, v in d.items():
        print(f"  {k:5s} = {mp.nstr(v, 17)}")

show("z-test A: control 1000/10000, treatment 1100/10000, alpha 0.05", z_test(1000, 10000, 1100, 10000, 0.05))
show("z-test B: control 41/523, treatment 57/498, alpha 0.01", z_test(41, 523, 57, 498, 0.01))
show("welch A: CONTROL_GC vs TREATMENT_GC, alpha 0.05", welch(CONTROL_GC, TREATMENT_GC, 0.05))
show("welch B: EVEN_GC_C vs EVEN_GC_T, alpha 0.10", welch(EVEN_GC_C, EVEN_GC_T, 0.10))
show("srm A: [5000, 5200] weights [1, 1]", srm([5000, 5200], [1, 1]))
show("srm B: [3300, 3400, 3150] weights [1, 1, 1]", srm([3300, 3400, 3150], [1, 1, 1]))
show("srm C: [3400, 6600] weights [1, 2]", srm([3400, 6600], [1, 2]))
show("srm D: [10210, 9790] weights [1, 1]", srm([10210, 9790], [1, 1]))
show("srm E: [5230, 4770] weights [1, 1]", srm([5230, 4770], [1, 1]))
