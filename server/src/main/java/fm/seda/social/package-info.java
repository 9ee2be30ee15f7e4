/**
 * The friend graph and who is where: friends, friends of friends, friends' presence in rooms right
 * now and their recent room joins, follows and saves. Friends may live in either region, so reads
 * ask both regional databases; a friend who hides their presence is counted and never named.
 */
@NullMarked
package fm.seda.social;

import org.jspecify.annotations.NullMarked;
