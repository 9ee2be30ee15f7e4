/**
 * The dot product of float vectors in the widest lanes the CPU has, with the Vector API when the
 * JVM has {@code jdk.incubator.vector} and a scalar loop otherwise: what scoring collaborative
 * items and comparing items for diversity spend most of their time on.
 */
@NullMarked
package fm.seda.engine.simd;

import org.jspecify.annotations.NullMarked;
