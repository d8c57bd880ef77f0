/* A table of libm results as a scientific program prints them. Operations IEEE 754 rounds
 * exactly (sqrt, fma, rounding, fmod, frexp/ldexp) are printed to the last bit; transcendental
 * functions, which glibc and musl may round differently in the last place, to 12 digits. */
#include <float.h>
#include <math.h>
#include <stdio.h>

static void exact(const char* what, double value) { printf("%-22s %.17g\n", what, value); }
static void approx(const char* what, double value) { printf("%-22s %.12g\n", what, value); }

int main(void) {
    exact("sqrt(2)", sqrt(2.0));
    exact("sqrtf(2)", sqrtf(2.0f));
    exact("fma(0.1, 10, -1)", fma(0.1, 10.0, -1.0));
    exact("floor(-2.5)", floor(-2.5));
    exact("ceil(-2.5)", ceil(-2.5));
    exact("round(2.5)", round(2.5));
    exact("round(-2.5)", round(-2.5));
    exact("rint(2.5)", rint(2.5));
    exact("nearbyint(3.5)", nearbyint(3.5));
    exact("trunc(-7.9)", trunc(-7.9));
    exact("fmod(10.5, 3)", fmod(10.5, 3.0));
    exact("fmod(-10.5, 3)", fmod(-10.5, 3.0));
    exact("remainder(10.5, 3)", remainder(10.5, 3.0));
    exact("fabs(-0.0)", fabs(-0.0));
    exact("copysign(3, -0.0)", copysign(3.0, -0.0));
    exact("fmin(1, nan)", fmin(1.0, NAN));
    exact("fmax(-0.0, 0.0)", fmax(-0.0, 0.0));
    exact("hypot(3, 4)", hypot(3.0, 4.0));
    exact("ldexp(0.75, 10)", ldexp(0.75, 10));
    int exponent;
    double mantissa = frexp(1536.0, &exponent);
    printf("%-22s %.17g * 2^%d\n", "frexp(1536)", mantissa, exponent);
    double whole;
    double fraction = modf(-3.25, &whole);
    printf("%-22s %.17g + %.17g\n", "modf(-3.25)", whole, fraction);
    printf("%-22s %ld %lld\n", "lround, llrint", lround(-2.5), llrint(1e15 + 0.5));
    exact("nextafter(1, 2) - 1", nextafter(1.0, 2.0) - 1.0);
    exact("DBL_EPSILON", DBL_EPSILON);
    exact("DBL_MIN / 2 (subnormal)", DBL_MIN / 2);

    approx("sin(1)", sin(1.0));
    approx("cos(1)", cos(1.0));
    approx("tan(0.5)", tan(0.5));
    approx("atan2(1, -1)", atan2(1.0, -1.0));
    approx("asin(0.5)", asin(0.5));
    approx("exp(1)", exp(1.0));
    approx("expm1(1e-10)", expm1(1e-10));
    approx("log(10)", log(10.0));
    approx("log10(2)", log10(2.0));
    approx("log2(10)", log2(10.0));
    approx("log1p(1e-10)", log1p(1e-10));
    approx("pow(2, 0.5)", pow(2.0, 0.5));
    approx("cbrt(-8)", cbrt(-8.0));
    approx("sinh(1)", sinh(1.0));
    approx("tanh(0.5)", tanh(0.5));
    approx("erf(0.5)", erf(0.5));
    approx("tgamma(5.5)", tgamma(5.5));
    approx("lgamma(10)", lgamma(10.0));

    printf("classify: inf %d nan %d normal %d subnormal %d zero %d\n", fpclassify(INFINITY) == FP_INFINITE,
           isnan(sqrt(-1.0)) != 0, fpclassify(1.0) == FP_NORMAL, fpclassify(DBL_MIN / 4) == FP_SUBNORMAL,
           fpclassify(-0.0) == FP_ZERO);
    printf("signbit(-0.0) %d, isinf(-HUGE_VAL) %d, isfinite(DBL_MAX) %d\n", signbit(-0.0) != 0, isinf(-HUGE_VAL) != 0,
           isfinite(DBL_MAX) != 0);
    printf("pow(10, 308) * 10 overflows: %d, log(0) is -inf: %d\n", isinf(pow(10, 308) * 10), log(0.0) == -INFINITY);
    return 0;
}
