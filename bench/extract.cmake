# extract benchmark
