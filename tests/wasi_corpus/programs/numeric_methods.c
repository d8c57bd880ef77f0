/* Numerical methods in plain double arithmetic, which WebAssembly and x86-64 both do in IEEE 754
 * binary64 with the same rounding: Simpson's rule, Newton's method, Gaussian elimination with
 * partial pivoting, and a Mandelbrot set drawn in text. */
#include <math.h>
#include <stdio.h>

#define N 6

static double simpson(double (*f)(double), double a, double b, int intervals) {
    double h = (b - a) / intervals, sum = f(a) + f(b);
    for (int i = 1; i < intervals; ++i) sum += f(a + i * h) * (i % 2 ? 4.0 : 2.0);
    return sum * h / 3.0;
}

static double parabola(double x) { return x * x * x - 2.0 * x + 1.0; }

static double newton_sqrt(double value, int* iterations) {
    double x = value;
    for (*iterations = 0; *iterations < 100; ++*iterations) {
        double next = 0.5 * (x + value / x);
        if (next == x) break;
        x = next;
    }
    return x;
}

/* Solves a x = b in place; returns the determinant. */
static double solve(double a[N][N], double b[N]) {
    double determinant = 1.0;
    for (int col = 0; col < N; ++col) {
        int pivot = col;
        for (int row = col + 1; row < N; ++row)
            if (fabs(a[row][col]) > fabs(a[pivot][col])) pivot = row;
        if (pivot != col) {
            for (int k = 0; k < N; ++k) {
                double t = a[col][k];
                a[col][k] = a[pivot][k];
                a[pivot][k] = t;
            }
            double t = b[col];
            b[col] = b[pivot];
            b[pivot] = t;
            determinant = -determinant;
        }
        determinant *= a[col][col];
        for (int row = col + 1; row < N; ++row) {
            double factor = a[row][col] / a[col][col];
            for (int k = col; k < N; ++k) a[row][k] -= factor * a[col][k];
            b[row] -= factor * b[col];
        }
    }
    for (int row = N - 1; row >= 0; --row) {
        for (int k = row + 1; k < N; ++k) b[row] -= a[row][k] * b[k];
        b[row] /= a[row][row];
    }
    return determinant;
}

int main(void) {
    printf("simpson x^3-2x+1 on [0,2]: %.17g\n", simpson(parabola, 0.0, 2.0, 1000));
    int iterations;
    double root = newton_sqrt(612.0, &iterations);
    printf("newton sqrt(612): %.17g after %d iterations (libm: %.17g)\n", root, iterations, sqrt(612.0));

    double a[N][N], b[N];
    for (int i = 0; i < N; ++i) {
        b[i] = i + 1;
        for (int j = 0; j < N; ++j) a[i][j] = 1.0 / (i + j + 1) + (i == j ? 1.0 : 0.0); /* Hilbert + identity */
    }
    double determinant = solve(a, b);
    printf("determinant: %.17g\nsolution:", determinant);
    for (int i = 0; i < N; ++i) printf(" %.17g", b[i]);
    printf("\n");

    for (double y = 1.2; y >= -1.2; y -= 0.15) {
        for (double x = -2.1; x <= 0.6; x += 0.045) {
            double re = 0, im = 0;
            int steps = 0;
            while (steps < 60 && re * re + im * im <= 4.0) {
                double t = re * re - im * im + x;
                im = 2.0 * re * im + y;
                re = t;
                ++steps;
            }
            putchar(" .:-=+*#%@"[steps * 9 / 60]);
        }
        putchar('\n');
    }
    return 0;
}
