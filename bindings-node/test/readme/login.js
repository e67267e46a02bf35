// Prelude of README examples (run by bindings-node/test.sh through
// scripts/doc_examples.py): stands in for the application's login middleware.
const requireLogin = (req, res, next) => {
  req.user = { id: 42, email: 'user@example.com' }
  next()
}
