/*
 * vi-error.c - the GError domain of vinfra.
 */
#include "vi-error.h"

G_DEFINE_QUARK(vinfra - error - quark, vi_error)
