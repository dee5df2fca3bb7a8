package httpx

// ListOf is the list body of every item, each as view shows it: a whole
// list, so Next stays null.
func ListOf[D, T any](items []D, view func(D) T) ListBody[T] {
	out := ListBody[T]{Items: make([]T, 0, len(items))}
	for _, it := range items {
		out.Items = append(out.Items, view(it))
	}
	return out
}
