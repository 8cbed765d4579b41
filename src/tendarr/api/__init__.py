"""HTTP edge: FastAPI app factory, dependencies, routes and the browser pages."""
