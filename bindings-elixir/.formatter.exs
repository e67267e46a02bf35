[
  inputs: ["{mix,.formatter}.exs", "{lib,test,conformance,bench}/**/*.{ex,exs}"],
  line_length: 120
]
