# digest tests
