# match benchmark
