// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title A contract that refuses every call and every ETH transfer.
/// @notice An ETH transfer to it is mined with receipt status 0x0: what a failed settlement looks like.
contract RejectingReceiver {
    receive() external payable {
        revert("RejectingReceiver refuses ETH");
    }

    fallback() external payable {
        revert("RejectingReceiver refuses calls");
    }
}
