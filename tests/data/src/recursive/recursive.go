// Package recursive is deliberately recursive code for perftui's sandwich
// and flame-graph tests: a recursive-descent evaluator (expr -> term ->
// factor -> expr, mutual recursion as deep as the nesting) and a tree walk
// that recurses 40 levels and does work at every level.
package recursive

import "strconv"

type parser struct {
	s   string
	pos int
}

func (p *parser) expr() int {
	v := p.term()
	for p.pos < len(p.s) && (p.s[p.pos] == '+' || p.s[p.pos] == '-') {
		op := p.s[p.pos]
		p.pos++
		w := p.term()
		if op == '+' {
			v += w
		} else {
			v -= w
		}
	}
	return v
}

func (p *parser) term() int {
	v := p.factor()
	for p.pos < len(p.s) && p.s[p.pos] == '*' {
		p.pos++
		v = (v * p.factor()) % 1000003
	}
	return v
}

func (p *parser) factor() int {
	if p.s[p.pos] == '(' {
		p.pos++
		v := p.expr()
		p.pos++ // ')'
		return v
	}
	start := p.pos
	for p.pos < len(p.s) && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' {
		p.pos++
	}
	n, _ := strconv.Atoi(p.s[start:p.pos])
	return n
}

// Eval evaluates an expression of + - * parentheses and integers.
func Eval(s string) int {
	p := &parser{s: s}
	return p.expr()
}

// Nested builds an expression nested depth deep, with a few terms at each
// level so that every level costs something.
func Nested(depth int) string {
	if depth == 0 {
		return "7*3+12345-678"
	}
	smaller := "5"
	if depth >= 3 {
		smaller = Nested(depth - 3)
	}
	return "(" + Nested(depth-1) + ")*17+" + strconv.Itoa(depth) + "-(" + smaller + ")"
}

type node struct {
	children []*node
	weight   int
}

// Tree builds a tree depth levels deep that forks in two every eighth
// level: long recursive chains, 2^(depth/8) of them.
func Tree(depth int) *node {
	n := &node{weight: depth}
	if depth > 0 {
		n.children = append(n.children, Tree(depth-1))
		if depth%8 == 0 {
			n.children = append(n.children, Tree(depth-1))
		}
	}
	return n
}

// Walk visits the tree, hashing at each level, recursing into every child.
func Walk(n *node, seed uint64) uint64 {
	h := seed
	for i := 0; i < 64; i++ {
		h = h*6364136223846793005 + uint64(n.weight) + 1442695040888963407
	}
	for _, c := range n.children {
		h ^= Walk(c, h)
	}
	return h
}
